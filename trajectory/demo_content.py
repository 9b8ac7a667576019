"""The demo trajectory, as plain data (the loader glue is trajectory/demo.py): one
territory's récit and who carried what, keyed by the territory's official code. Dates
are days from the day the demo is loaded. Fictitious people and places."""

from __future__ import annotations

from transitions.models import ActorCategory

TERRITORY_CODE = "41290"  # Saint-Aubin-des-Genêts: diagnostic, forum, opportunity, project

# (kind, days from today, title, text)
STORY = [
    (
        "key_event",
        -420,
        "La gare rouvre en café associatif",
        "Un groupe d'habitants reprend le bâtiment fermé depuis quinze ans. La commune prête "
        "les murs sans convention écrite : « on verra bien ». C'est le premier lieu où "
        "anciens et nouveaux habitants se croisent sans invitation.",
    ),
    (
        "contested",
        -300,
        "Le conseil municipal se divise sur le café",
        "Une partie du conseil y voit un lieu « militant » et demande que la commune "
        "récupère le bâtiment. Le vote d'entrée dans la cohorte passe à l'unanimité, mais "
        "le débat sur la gare reste ouvert.",
    ),
    (
        "counter_narrative",
        -240,
        "« Ce n'est pas la mairie qui a sauvé la gare »",
        "Au diagnostic, les bénévoles du café racontent une autre histoire que celle du "
        "bulletin municipal : ce sont eux qui ont porté le lieu deux hivers sans chauffage. "
        "La délégation décide de garder les deux récits côte à côte.",
    ),
    (
        "white_pebble",
        -150,
        "Premier dépôt de paniers à la gare",
        "Trois producteurs de Sologne déposent leurs paniers au café le jeudi soir. "
        "Quarante familles viennent la première semaine, dont beaucoup de nouveaux arrivants.",
    ),
    (
        "white_pebble",
        -90,
        "La secrétaire de mairie tient une permanence au café",
        "Une demi-journée par mois, les démarches administratives se font à la gare. "
        "Petit pas, mais c'est la première fois que la mairie vient au lieu plutôt que "
        "l'inverse.",
    ),
    (
        "celebration",
        -45,
        "Soirée « un an de coopérations » à la gare",
        "Élues, bénévoles, producteurs et l'agente de la sous-préfecture fêtent ensemble "
        "les premiers résultats. Chacun repart avec la frise du récit imprimée.",
    ),
    (
        "visible_result",
        -20,
        "Le tiers-lieu est inscrit au programme Petites villes de demain",
        "Le projet pilote issu du forum entre dans la convention : le café associatif et "
        "la commune le portent ensemble, avec une étude de programmation financée.",
    ),
]

# (what was carried, category, days from today, carrier: "agent" for the demo agent of
# the territory, else None)
ENGAGEMENTS = [
    ("Organisation du dépôt de paniers", ActorCategory.ACTEUR_SOCIO_ECONOMIQUE, -150, None),
    ("Permanence mensuelle de la mairie au café", ActorCategory.AGENT_COLLECTIVITE, -90, "agent"),
    ("Animation du forum territorial", ActorCategory.AGENT_COLLECTIVITE, -70, "agent"),
    ("Compte rendu du forum aux élus", ActorCategory.AGENT_COLLECTIVITE, -60, "agent"),
    ("Dossier Petites villes de demain", ActorCategory.AGENT_COLLECTIVITE, -30, "agent"),
    ("Médiation avec le conseil municipal", ActorCategory.ELU, -120, None),
    ("Lien avec la sous-préfecture", ActorCategory.AGENT_ETAT, -100, None),
]

# How many links the loader draws from each finding of the diagnostic to what speaks to
# it (shared contributions, agora statements) and answers it (cards, opportunities).
LINKS_PER_FINDING = 2
FINDINGS_LINKED = 3

# What the facilitator linked by reading (the demo's peer cards and statements carry no
# axes, so no suggestion comes from them): (axis of the finding, start of the shared peer
# contribution or agora statement that speaks to it).
STATEMENT_LINKS = [
    ("P2-a", "Que les structures de l'ESS viennent avec des propositions"),
    ("P2-e", "Dans notre propre majorité, certains voient"),
    ("P2-f", "Réunir au moins deux fois par an les vice-présidents"),
    ("P2-a", "Les appels à projets sont un bon outil"),
    ("P2-b", "Il manque un espace où dire ses difficultés"),
    ("P2-e", "Une collectivité n'est pas un bloc"),
]
