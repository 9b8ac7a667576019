"""The demo trajectory, as plain data (the loader glue is trajectory/demo.py): one
territory's récit and who carried what, keyed by the territory's official code. Dates
are days from the day the demo is loaded. Fictitious people and places."""

from __future__ import annotations

from transitions.models import ActorCategory

# Lavergne-sur-Cher, of the finished cohort (transitions.demo.FINISHED_TERRITORIES): a
# validated diagnostic, a forum held, an opportunity that became its launched pilot project.
TERRITORY_CODE = "41185"

# (kind, days from today, title, text); the finished cohort's stages run from about 760 to
# 40 days ago (transitions.demo.FINISHED_SCHEDULE).
STORY = [
    (
        "key_event",
        -755,
        "Le conseil municipal entre dans la première promotion",
        "Onze voix sur quinze, un soir de novembre. Le maire cite le café de la gare comme "
        "la preuve qu'à Lavergne « les habitants n'attendent pas la mairie pour agir ».",
    ),
    (
        "counter_narrative",
        -660,
        "« La gare, ce n'est pas un projet municipal »",
        "Pendant le diagnostic, les bénévoles de La Halte rappellent qu'ils ont repeint le "
        "quai et bâché la toiture seuls, deux étés de suite. La directrice générale des "
        "services fait écrire les deux versions dans le rapport.",
    ),
    (
        "contested",
        -470,
        "Médiathèque neuve ou lieu partagé à la gare ?",
        "Une partie du conseil tient à la médiathèque promise pendant la campagne ; les "
        "échanges entre pairs ont montré que les habitants viennent d'abord à la gare pour "
        "les paniers et les réparations. Le débat est porté en séance publique.",
    ),
    (
        "white_pebble",
        -330,
        "Trois tours de table à la salle des fêtes",
        "Élus, coopérative, café, club de football et l'agente de la sous-préfecture "
        "tiennent le forum. L'opportunité retenue : agrandir le lieu de la gare plutôt que "
        "construire ailleurs.",
    ),
    (
        "white_pebble",
        -240,
        "Une journée chez une autre délégation de la promotion",
        "Le maire, la directrice générale des services et deux bénévoles découvrent un "
        "tiers-lieu rural qui accueille déjà des permanences publiques ; ils reviennent avec "
        "un modèle de convention à trois signataires.",
    ),
    (
        "celebration",
        -120,
        "Les bénévoles de La Halte remerciés sur le quai",
        "Pour la première fois, la commune remercie les bénévoles à la gare plutôt qu'au "
        "vœu du maire ; deux habitantes des lotissements rejoignent l'équipe du jeudi.",
    ),
    (
        "visible_result",
        -90,
        "Soixante foyers passent le jeudi soir à la gare",
        "Les Paniers du Cher livrent désormais au quai chaque semaine ; une bonne part des "
        "foyers viennent des lotissements, que les réunions publiques n'avaient jamais "
        "touchés.",
    ),
]

# (what was carried, category, days from today, carrier: "agent" for the delegation's
# coordinating agent (at Lavergne, no agent joined: its directrice générale des services,
# the local-authority member, coordinates), else None)
ENGAGEMENTS = [
    ("Dépôt des paniers du jeudi au quai", ActorCategory.ACTEUR_SOCIO_ECONOMIQUE, -90, None),
    ("Préparation du forum avec la CRESS", ActorCategory.AGENT_COLLECTIVITE, -360, "agent"),
    ("Relevé des idées du forum pour le conseil", ActorCategory.AGENT_COLLECTIVITE, -320, "agent"),
    (
        "Convention d'occupation de la gare à trois signataires",
        ActorCategory.AGENT_COLLECTIVITE,
        -260,
        "agent",
    ),
    ("Plan de financement du tiers-lieu", ActorCategory.AGENT_COLLECTIVITE, -200, "agent"),
    ("Séance publique sur la médiathèque", ActorCategory.ELU, -470, None),
    ("Recherche d'un créneau France Services", ActorCategory.AGENT_ETAT, -150, None),
]

# How many links the loader draws from each finding of the diagnostic to what speaks to
# it (shared contributions, agora statements) and answers it (cards, opportunities).
LINKS_PER_FINDING = 2
FINDINGS_LINKED = 3

# What the facilitator linked by reading (the demo's peer cards and statements carry no
# axes, so no suggestion comes from them): (axis of the finding, start of the shared peer
# contribution or agora statement that speaks to it).
STATEMENT_LINKS = [
    ("P1-g", "Personne n'a de temps prévu pour coopérer"),
    ("P3-b", "Un projet pilote part de ce qui existe déjà"),
    ("P3-d", "Chacun s'engage à venir aux rencontres avec une personne qui décide"),
    ("P3-e", "La commande publique peut être un levier"),
    ("P2-i", "Que l'autre partie dise tôt ce qu'elle ne pourra pas faire"),
    ("P2-i", "Les agents de l'État ont découvert que les élus ruraux"),
]

# Then what the statements led to at the forum and what the forum led to: (start of the
# earlier text, start of the later one), among statements, forum cards, opportunities and
# the pilot project. A card and an opportunity stand at the same stage, so a link never
# joins them: the agora's statement reaches the opportunity directly.
READING_LINKS = [
    ("Un projet pilote part de ce qui existe déjà", "Un tiers-lieu dans l'ancienne gare"),
    ("Un projet pilote part de ce qui existe déjà", "Tiers-lieu de l'ancienne gare"),
    ("Personne n'a de temps prévu pour coopérer", "Un interlocuteur unique en mairie"),
    ("La commande publique peut être un levier", "Des clauses sociales dans les marchés"),
    ("Un tiers-lieu dans l'ancienne gare", "Tiers-lieu de l'ancienne gare ("),
]
