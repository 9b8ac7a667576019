"""What the demo diagnostics say, as plain data (the loader glue is diagnostics/demo.py).

Keyed by the territory's official code (territories/demo_content.py holds each
territory's profile, which the loader writes as the diagnostic's section 0). Levels are
not random: a territory's base level per principle, moved by what the method expects of
each category's view (CATEGORY_BIAS), and a one-step difference between two respondents
of the same category on a few axes. Every observation text is written once, for one
axis, by one respondent.
"""

from __future__ import annotations

import datetime

from diagnostics.models import EvidenceKind, TimelineKind
from transitions.models import ActorCategory

D = datetime.date
ELU = ActorCategory.ELU
AGENT = ActorCategory.AGENT_COLLECTIVITE
ETAT = ActorCategory.AGENT_ETAT
ESS = ActorCategory.ACTEUR_SOCIO_ECONOMIQUE

# Where each territory stands in its diagnostic: not_started (only the profile is
# written), in_progress (some respondents answered the first two principles), submitted,
# validated.
STAGES = {
    "62901": "in_progress",  # the printed demo agent's territory: left to try the journey
    "41290": "submitted",
    "34350": "in_progress",
    "74299": "validated",
    "245909015": "validated",
    "244109021": "submitted",
    "244209037": "not_started",
    "200039048": "in_progress",
    "246309058": "not_started",
    "243109063": "submitted",
}

# The finished cohort (transitions.demo.FINISHED_TERRITORIES): only the territory whose
# forum was held and whose pilot project came from it has a diagnostic in the demo, so
# the trajectory follows it from its findings to its project (trajectory/demo_content.py).
FINISHED_STAGES = {"41185": "validated"}
# When its diagnostic was opened, submitted and validated, in days from today: inside the
# finished cohort's diagnostic stage (transitions.demo.FINISHED_SCHEDULE, -740 to -560).
FINISHED_DIAGNOSTIC_DAYS = {"created": -732, "submitted": -598, "validated": -584}

# In progress: who answered so far (respondent number per category) and which principles.
IN_PROGRESS_RESPONDENTS = {(ELU, 0), (AGENT, 0), (ESS, 0)}
IN_PROGRESS_PRINCIPLES = {1, 2}

# Base level (0–4) per principle, consistent with the territory's maturity and ESS fabric.
BASE_LEVELS = {
    "62901": {1: 3, 2: 2, 3: 2, 4: 2},
    "41290": {1: 1, 2: 1, 3: 1, 4: 1},
    "34350": {1: 2, 2: 1, 3: 2, 4: 1},
    "74299": {1: 2, 2: 2, 3: 3, 4: 2},
    "245909015": {1: 3, 2: 3, 3: 2, 4: 2},
    "244109021": {1: 1, 2: 1, 3: 1, 4: 1},
    "200039048": {1: 2, 2: 2, 3: 1, 4: 1},
    "243109063": {1: 2, 2: 2, 3: 2, 4: 2},
    "41185": {1: 2, 2: 2, 3: 1, 4: 2},
}

# How each category's view departs from the territory's base, axis by axis, as the
# research-action observed it ([000], [001]): elected officials see the engagement and
# the steering they carry; local-authority staff feel the workload and the silos; State
# officials see the rules and the control, and lack the view of local life; ESS actors
# feel the rivalry of calls for projects and the distance of the authority's services.
CATEGORY_BIAS = {
    ELU: {"P1-a": 1, "P1-e": 1, "P2-h": 1, "P3-a": 1, "P3-d": 1, "P4-i": 1, "P4-b": -1},
    AGENT: {"P1-g": -2, "P4-a": -1, "P3-e": -1, "P2-f": -1, "P2-g": 1, "P4-b": 1},
    ETAT: {"P2-i": -2, "P4-c": -1, "P2-a": -1, "P3-g": 1, "P3-h": 1},
    ESS: {"P2-a": -1, "P2-e": -1, "P3-d": -2, "P3-b": -1, "P1-a": 1, "P1-f": 1, "P4-f": -1},
}

# P2-d is rated per dimension of cooperation (issue 11 item 3): horizontal (internal),
# vertical (between levels), transversal (with external actors). Today's model holds one
# level, loaded as the rounded mean of the three.
P2D_DIMENSIONS = {
    ELU: {"horizontal": 0, "vertical": 1, "transversal": 1},
    AGENT: {"horizontal": -1, "vertical": 0, "transversal": 0},
    ETAT: {"horizontal": 0, "vertical": -1, "transversal": 0},
    ESS: {"horizontal": 0, "vertical": 0, "transversal": -2},
}

# What a category cannot judge from where it stands ("je ne sais pas").
DONT_KNOW = {
    ETAT: {"P1-c", "P1-d", "P3-e", "P4-i"},
    ESS: {"P3-e"},
}

# The second respondent of a category differs by one step on a few axes (one person is
# not their category).
SECOND_RESPONDENT_SHIFT = {"P1-b": -1, "P2-b": 1, "P3-c": -1, "P4-h": 1}

# Extra respondents (one more per category) created by the diagnostics demo.
SECOND_RESPONDENT_FIRST_NAMES = [
    "Anouk",
    "Bastien",
    "Clémence",
    "Dorian",
    "Eulalie",
    "Fantine",
    "Gaspard",
    "Hortense",
    "Ilan",
    "Justine",
]
FINISHED_SECOND_RESPONDENT_FIRST_NAMES = {"41185": "Noémie"}

# (category, respondent number, axis, observation, quoted in the report)
OBSERVATIONS: dict[str, list[tuple[str, int, str, str, bool]]] = {
    "62901": [
        (
            ELU,
            0,
            "P1-d",
            "Les terrils, on les a longtemps cachés ; depuis que les écoles y montent chaque "
            "printemps, les anciens racontent et les enfants écoutent.",
            False,
        ),
        (
            AGENT,
            0,
            "P1-g",
            "Nous sommes trois à tout porter : quand un projet de plus arrive, il se fait le "
            "soir et le samedi, et personne ne le voit vraiment.",
            False,
        ),
        (
            AGENT,
            0,
            "P2-i",
            "Le maire couvre nos essais ratés devant le conseil ; la trésorerie, elle, ne "
            "connaît pas le droit à l'erreur.",
            False,
        ),
        (
            ESS,
            0,
            "P2-d",
            "Avec la mairie, tout passe par le maire en direct ; avec l'intercommunalité et "
            "ses services, nous n'avons aucun interlocuteur, c'est là que ça coince.",
            False,
        ),
        (
            ESS,
            0,
            "P1-a",
            "Les sociétaires de la SCIC ne sont pas venus pour le rendement : ils voulaient "
            "voir sur le carreau de fosse autre chose que des ruines.",
            False,
        ),
    ],
    "41290": [
        (
            ELU,
            0,
            "P1-b",
            "Pour beaucoup d'habitants, « transition » veut dire taxes et interdictions ; on "
            "n'ose pas encore employer le mot en réunion publique.",
            True,
        ),
        (
            ELU,
            1,
            "P3-a",
            "Les réunions publiques attirent toujours les mêmes vingt personnes ; les "
            "familles arrivées récemment, on ne sait pas comment les toucher.",
            False,
        ),
        (
            AGENT,
            0,
            "P3-e",
            "Je suis seule au secrétariat : budget, état civil, urbanisme et maintenant la "
            "transition. Les fonctions supports, c'est moi.",
            True,
        ),
        (
            AGENT,
            1,
            "P4-a",
            "On court après les dossiers de subvention avec des délais de trois semaines ; "
            "prendre du recul n'est prévu nulle part dans la semaine.",
            False,
        ),
        (
            ETAT,
            0,
            "P2-i",
            "La commune voudrait essayer une autre gestion des étangs communaux, mais le "
            "classement en zone humide impose une procédure que personne ici ne connaît.",
            False,
        ),
        (
            ETAT,
            1,
            "P3-h",
            "Le chef de projet Petites villes de demain est partagé entre six communes : "
            "l'ingénierie existe sur le papier, pas dans l'agenda.",
            False,
        ),
        (
            ESS,
            0,
            "P2-e",
            "Nous ne savons pas qui décide quoi à la mairie ni quand passent les "
            "délibérations ; nous l'apprenons dans le bulletin municipal.",
            True,
        ),
        (
            ESS,
            1,
            "P1-f",
            "Au café de la gare, les gens s'engagent pour une soirée ou un chantier ; "
            "s'engager pour un an dans une commission leur fait peur.",
            False,
        ),
    ],
    "34350": [
        (
            ELU,
            0,
            "P1-e",
            "Après la crue, tout le monde voulait agir ; le jardin de la digue est né de "
            "cette colère et il tient encore.",
            False,
        ),
        (
            AGENT,
            0,
            "P2-f",
            "Avec deux postes vacants, on découpe l'eau, la vigne et l'alimentation en "
            "dossiers séparés : on n'a pas le temps de les tenir ensemble.",
            False,
        ),
        (
            AGENT,
            0,
            "P1-g",
            "Depuis les départs au service économie, je fais deux postes ; l'enthousiasme "
            "des élus, je le partage, mais je n'ai plus de soirées.",
            False,
        ),
        (
            ESS,
            0,
            "P2-a",
            "L'appel à projets alimentation a mis l'AMAP en concurrence avec l'épicerie "
            "sociale pour 8 000 euros ; nous avons fini par déposer ensemble, mais cela a "
            "laissé des traces.",
            False,
        ),
        (
            ESS,
            0,
            "P2-d",
            "Avec l'adjointe, on se parle chaque semaine ; les services techniques, on ne "
            "les croise jamais, et la cave ignore qu'il existe une commission.",
            False,
        ),
    ],
    "74299": [
        (
            ELU,
            0,
            "P1-b",
            "« Qualité de l'air » rassemble, « décroissance » divise : alors nous parlons de "
            "la santé des enfants.",
            True,
        ),
        (
            ELU,
            0,
            "P4-i",
            "La fête de l'air, chaque février, montre les courbes de pollution qui baissent ; "
            "c'est le seul moment où élus, entreprises et associations applaudissent "
            "ensemble.",
            False,
        ),
        (
            ELU,
            1,
            "P3-d",
            "Le comité de suivi du plan réunit opposition, entreprises et associations ; ce "
            "qui s'y décide et ce qui reste au conseil n'a jamais été écrit, d'où des "
            "malentendus.",
            False,
        ),
        (
            AGENT,
            0,
            "P2-d",
            "Entre les cinq services du plan, le DGA fait le lien ; dès qu'il est absent, "
            "chacun retourne à ses propres indicateurs.",
            False,
        ),
        (
            AGENT,
            1,
            "P3-e",
            "Les achats publics ont réécrit trois fois le marché de remplacement des "
            "poêles : ils ont été associés à la fin, pas au début.",
            False,
        ),
        (
            ETAT,
            0,
            "P2-i",
            "Le fonds de remplacement des appareils doit respecter les règles des aides "
            "d'État ; on nous prend pour le frein alors que nous cherchons les marges.",
            True,
        ),
        (
            ETAT,
            1,
            "P4-c",
            "Nos indicateurs de suivi sont ceux du ministère : le nombre de poêles "
            "remplacés, pas ce que les ménages en ont retiré.",
            False,
        ),
        (
            ESS,
            0,
            "P2-d",
            "Nous voyons les services pour les marchés, jamais les élus ; et les "
            "industriels ne savent pas ce qu'est une régie de quartier.",
            False,
        ),
        (
            ESS,
            1,
            "P3-f",
            "Le remplacement des poêles a fait monter la demande de granulés : les ménages "
            "modestes ont payé plus cher l'hiver suivant. Nous l'avons vu avant les "
            "services.",
            True,
        ),
    ],
    "245909015": [
        (
            ELU,
            0,
            "P1-d",
            "Les halles textiles racontent notre fierté ouvrière ; chaque friche "
            "réhabilitée garde un nom, une machine, une histoire.",
            False,
        ),
        (
            ELU,
            1,
            "P2-h",
            "La vice-présidence à l'ESS existe depuis quinze ans ; le risque, c'est que les "
            "autres vice-présidents nous laissent le sujet.",
            False,
        ),
        (
            AGENT,
            0,
            "P2-g",
            "Le club des chargés de mission ESS des 21 communes se réunit tous les deux "
            "mois ; les DGS ne s'y sont jamais assis.",
            False,
        ),
        (
            AGENT,
            1,
            "P1-g",
            "Chaque nouvel appel à projets national tombe sur la même direction de huit "
            "personnes ; nous tenons, mais deux collègues sont en arrêt.",
            True,
        ),
        (
            ETAT,
            0,
            "P2-a",
            "L'expérimentation zéro chômeur dépend d'une habilitation nationale et d'un "
            "financement au poste : la coopération locale bute sur des règles écrites "
            "ailleurs.",
            False,
        ),
        (
            ETAT,
            1,
            "P3-g",
            "Les effets se voient dans deux quartiers ; à l'échelle de l'arrondissement, "
            "personne ne les mesure encore.",
            False,
        ),
        (
            ESS,
            0,
            "P2-d",
            "Avec la direction de l'économie solidaire, la coopération est réelle ; avec la "
            "voirie, l'urbanisme ou les bailleurs, nous restons des prestataires découverts "
            "en réunion de chantier.",
            True,
        ),
        (
            ESS,
            0,
            "P2-a",
            "Les appels à projets annuels nous mettent en concurrence avec nos voisins du "
            "PTCE : nous passons l'automne à nous surveiller au lieu de coopérer.",
            False,
        ),
        (
            ESS,
            1,
            "P4-f",
            "On nous demande le nombre d'heures d'insertion ; la fierté retrouvée des "
            "salariés de l'entreprise à but d'emploi n'entre dans aucun tableau.",
            False,
        ),
    ],
    "244109021": [
        (
            ELU,
            0,
            "P1-a",
            "Ce qui motive ici, c'est l'emploi et l'image de la ville ; le climat vient "
            "après, il faut le dire franchement.",
            True,
        ),
        (
            ELU,
            1,
            "P2-h",
            "Entre vice-présidents, on se croise en bureau communautaire ; l'environnement "
            "et l'économie n'ont jamais tenu une réunion commune.",
            False,
        ),
        (
            AGENT,
            0,
            "P1-g",
            "Je suis recruté pour trois ans sur un plan qui en vise quinze, et chacun "
            "attend des résultats pour le prochain conseil.",
            False,
        ),
        (
            AGENT,
            1,
            "P3-e",
            "Le service juridique découvre les projets au stade de la délibération ; il ne "
            "peut alors que dire non.",
            False,
        ),
        (
            ETAT,
            0,
            "P3-d",
            "La sous-préfecture copilote le contrat de relance et de transition écologique, "
            "mais son comité ne s'est réuni qu'une fois, pour valider une liste de projets.",
            False,
        ),
        (
            ETAT,
            1,
            "P2-i",
            "Les dossiers de dotation d'investissement doivent être bouclés avant mars : "
            "une expérimentation d'un an n'entre pas dans ce calendrier.",
            False,
        ),
        (
            ESS,
            0,
            "P2-e",
            "Nous répondons aux marchés de l'agglomération depuis six ans sans avoir "
            "rencontré un élu ; pour eux, nous sommes un prestataire de collecte.",
            True,
        ),
        (
            ESS,
            1,
            "P3-b",
            "Les producteurs voudraient parler foncier et transmission des fermes ; "
            "l'agglomération leur propose un salon de l'attractivité.",
            False,
        ),
    ],
    "200039048": [
        (
            ELU,
            0,
            "P2-h",
            "Au comité syndical, on vote à l'unanimité ; mais chaque communauté garde la "
            "main chez elle, et le PETR porte ce que personne d'autre ne veut porter.",
            False,
        ),
        (
            AGENT,
            0,
            "P2-g",
            "Entre chargés de mission des trois communautés, nous avons créé un petit "
            "déjeuner mensuel : c'est là que les vrais problèmes se disent.",
            False,
        ),
        (
            AGENT,
            0,
            "P1-g",
            "Mes missions sont financées par LEADER jusqu'en 2027 ; je m'engage à fond, "
            "mais un tiers de mon temps part dans les justificatifs.",
            False,
        ),
        (
            ESS,
            0,
            "P2-d",
            "Avec l'équipe du PETR, la confiance est là ; les élus des communautés changent "
            "d'avis au gré des subventions, et entre tiers-lieux nous nous connaissons à "
            "peine.",
            False,
        ),
        (
            ESS,
            0,
            "P1-f",
            "Les nouveaux arrivants veulent s'impliquer dès le premier mois ; après un "
            "hiver sans lieu pour le faire, ils repartent.",
            False,
        ),
    ],
    "243109063": [
        (
            ELU,
            0,
            "P1-e",
            "La légumerie a été notre porte d'entrée : des repas servis, des maraîchers "
            "installés, quelque chose de visible dont tout le monde peut parler.",
            False,
        ),
        (
            ELU,
            1,
            "P2-b",
            "Sur la charte foncière, le désaccord avec les maires périurbains est frontal ; "
            "nous l'avons mis à l'ordre du jour au lieu de l'éviter, et la séance a duré "
            "quatre heures.",
            True,
        ),
        (
            AGENT,
            0,
            "P4-a",
            "Les saisons de la légumerie s'enchaînent sans bilan collectif ; on sait ce qui "
            "n'a pas marché, mais on ne se l'est jamais dit.",
            False,
        ),
        (
            AGENT,
            1,
            "P3-e",
            "Les ressources humaines ont formé les cuisiniers des cantines aux légumes "
            "bruts : pour la première fois, un service support est entré dans un projet dès "
            "le début.",
            False,
        ),
        (
            ETAT,
            0,
            "P3-f",
            "Les projets d'agrivoltaïsme se multiplient sur les coteaux ; ils arrivent en "
            "instruction sans que la communauté de communes en ait débattu.",
            False,
        ),
        (
            ETAT,
            1,
            "P2-i",
            "Les règles de la commande publique nous interdisent de recommander un "
            "approvisionnement explicitement local ; on nous le reproche comme un manque "
            "de soutien.",
            True,
        ),
        (
            ESS,
            0,
            "P2-d",
            "La présidente nous connaît bien ; les services techniques et les communes, "
            "beaucoup moins. Entre structures de l'ESS, on ne se parle que quand un appel "
            "à projets nous y oblige.",
            False,
        ),
        (
            ESS,
            1,
            "P4-d",
            "Nous voudrions que compte aussi le lien entre cuisiniers et maraîchers, pas "
            "seulement la part de bio dans l'assiette.",
            False,
        ),
    ],
    "41185": [
        (
            ELU,
            0,
            "P1-e",
            "Le café de La Halte existait avant nous : la commune n'a rien inventé, elle "
            "a fini par pousser la porte de la gare un jeudi soir.",
            True,
        ),
        (
            ELU,
            1,
            "P3-d",
            "Au conseil, on décide du budget de la gare ; au café, on décide de tout le "
            "reste. Personne n'a jamais dit où passe la frontière.",
            False,
        ),
        (
            AGENT,
            0,
            "P1-g",
            "Les bénévoles de La Halte sont remerciés au vœu du maire, une fois l'an ; "
            "pendant ce temps, deux d'entre eux ont arrêté, lessivés.",
            True,
        ),
        (
            AGENT,
            1,
            "P4-b",
            "On fait le point sur les projets quand la préfecture demande un bilan de "
            "subvention, jamais entre deux ; le tableau de suivi dort dans un classeur.",
            False,
        ),
        (
            ETAT,
            0,
            "P2-i",
            "Ouvrir une permanence de services publics dans un café associatif, aucun "
            "texte ne l'interdit ; mais aucune circulaire ne le prévoit, alors on hésite.",
            False,
        ),
        (
            ETAT,
            1,
            "P3-g",
            "Vu de la sous-préfecture, Lavergne est une commune parmi quarante ; ce qui "
            "se passe à la gare ne remonte dans aucun de nos tableaux.",
            False,
        ),
        (
            ESS,
            0,
            "P3-b",
            "Les gens viennent à la gare pour les paniers et la réparation de vélos ; la "
            "mairie, elle, nous parle d'un projet de médiathèque que personne n'a demandé.",
            True,
        ),
        (
            ESS,
            1,
            "P2-d",
            "Entre Les Paniers du Cher et le café, tout se règle au comptoir ; avec les "
            "services de la communauté de communes, nous n'avons pas un seul nom.",
            False,
        ),
    ],
}

# Section 6, written by the coordinating agent once the answers are in.
SYNTHESIS = {
    "41185": {
        "strengths": (
            "Un lieu déjà vivant à l'ancienne gare, des producteurs qui y livrent chaque "
            "semaine et un maire qui accepte de ne pas tout piloter."
        ),
        "priority_axes": (
            "P3-b, pour partir des usages de la gare plutôt que d'équipements imaginés en "
            "mairie ; P1-g, car les bénévoles du café s'usent sans être relayés."
        ),
        "pilot_project": (
            "Agrandir le café de la gare en lieu partagé, où la commune vient tenir ses "
            "permanences au lieu de faire venir les habitants en mairie."
        ),
    },
    "41290": {
        "strengths": (
            "Un café associatif qui rassemble anciens et nouveaux habitants, une équipe "
            "municipale soudée et un vote unanime pour entrer dans la cohorte."
        ),
        "priority_axes": (
            "P2-e, parce que les associations ignorent le fonctionnement de la mairie ; "
            "P1-b, pour trouver d'autres mots que « transition » avec les habitants."
        ),
        "pilot_project": (
            "Faire de la gare un lieu partagé entre le café, les producteurs et une "
            "permanence des services publics."
        ),
    },
    "74299": {
        "strengths": (
            "Un plan qualité de l'air connu de tous, un DGA transition qui relie les "
            "services, et une opposition qui siège au comité de suivi."
        ),
        "priority_axes": (
            "P3-f, pour repérer plus tôt les effets du remplacement des poêles sur les "
            "ménages modestes ; P3-d, pour écrire ce que décide le comité de suivi."
        ),
        "pilot_project": (
            "Un atelier partagé d'entretien des poêles avec la régie de quartier et un "
            "lycée professionnel."
        ),
    },
    "245909015": {
        "strengths": (
            "Trente ans de politique d'insertion, un PTCE qui fonctionne, une direction de "
            "l'économie solidaire reconnue par les structures."
        ),
        "priority_axes": (
            "P2-d, car la coopération s'arrête aux portes de la direction ESS ; P1-g, car "
            "l'équipe qui porte tout s'épuise."
        ),
        "pilot_project": (
            "Une matériauthèque dans les friches, qui fasse travailler ensemble bailleurs, "
            "services techniques et structures du réemploi."
        ),
    },
    "244109021": {
        "strengths": (
            "Un plan climat voté, des structures d'insertion solides sur la collecte et un "
            "réseau de producteurs prêts à s'organiser."
        ),
        "priority_axes": (
            "P2-e, pour que élus et structures de l'ESS se rencontrent hors des marchés ; "
            "P3-e, pour associer le juridique et les achats dès la conception."
        ),
        "pilot_project": (
            "Un point de vente collectif des producteurs dans un bourg qui a perdu son "
            "épicerie, conçu avec la recyclerie pour le mobilier."
        ),
    },
    "243109063": {
        "strengths": (
            "La légumerie et le projet alimentaire, une habitude de mettre les désaccords à "
            "l'ordre du jour, un DGS qui appuie la cheffe de projet."
        ),
        "priority_axes": (
            "P4-a, pour instituer un bilan de saison ; P2-d, pour que les communes et les "
            "services techniques rejoignent la coopération."
        ),
        "pilot_project": (
            "Relier charte foncière et alimentation : réserver des parcelles communales à "
            "l'installation de maraîchers qui fourniront la légumerie."
        ),
    },
}

# Section 5, the narrative timeline: (kind, date, title).
TIMELINES = {
    "41185": [
        (TimelineKind.OLD_MODEL_LIMIT, D(2009, 3, 29), "Dernier train voyageurs à Lavergne"),
        (TimelineKind.KEY_EVENT, D(2022, 4, 9), "Les bénévoles de La Halte ouvrent la gare"),
        (TimelineKind.WHITE_PEBBLE, D(2024, 2, 15), "Premiers paniers livrés au quai"),
    ],
    "62901": [
        (TimelineKind.OLD_MODEL_LIMIT, D(1990, 12, 21), "Fermeture du dernier puits"),
        (TimelineKind.KEY_EVENT, D(2014, 5, 1), "Création de la SCIC sur le carreau de fosse"),
        (TimelineKind.WHITE_PEBBLE, D(2023, 4, 15), "Première montée des écoles au terril"),
    ],
    "41290": [
        (TimelineKind.KEY_EVENT, D(2021, 9, 4), "Réouverture de la gare en café associatif"),
        (TimelineKind.CONTESTED, D(2023, 3, 10), "Débat sur la vente de l'étang communal"),
        (TimelineKind.WHITE_PEBBLE, D(2024, 6, 22), "Premier marché de producteurs au bourg"),
    ],
    "34350": [
        (TimelineKind.OLD_MODEL_LIMIT, D(2019, 10, 23), "Crue de l'Orb dans les quartiers bas"),
        (TimelineKind.KEY_EVENT, D(2023, 2, 8), "Vote du plan de résilience alimentaire"),
        (TimelineKind.CONTESTED, D(2023, 7, 12), "Arrêtés de restriction d'eau contestés"),
    ],
    "74299": [
        (TimelineKind.OLD_MODEL_LIMIT, D(2018, 1, 30), "Dix jours de pic de pollution"),
        (TimelineKind.KEY_EVENT, D(2019, 6, 27), "Adoption du plan « Vallée respirable »"),
        (TimelineKind.WHITE_PEBBLE, D(2024, 2, 10), "Première fête de l'air"),
    ],
    "245909015": [
        (TimelineKind.OLD_MODEL_LIMIT, D(2003, 6, 30), "Fermeture de la filature Delattre"),
        (TimelineKind.KEY_EVENT, D(2015, 6, 1), "Naissance du PTCE des friches"),
        (TimelineKind.WHITE_PEBBLE, D(2022, 1, 10), "Premiers contrats de l'EBE"),
        (
            TimelineKind.CONTESTED,
            D(2024, 11, 5),
            "Appel à projets annuel jugé trop court par les associations",
        ),
    ],
    "244109021": [
        (TimelineKind.KEY_EVENT, D(2024, 4, 11), "Adoption du plan climat-air-énergie"),
        (TimelineKind.CONTESTED, D(2024, 9, 19), "Extension de la zone logistique"),
        (TimelineKind.WHITE_PEBBLE, D(2025, 3, 15), "Ouverture de la recyclerie au public"),
    ],
    "200039048": [
        (TimelineKind.KEY_EVENT, D(2016, 1, 1), "Création du PETR"),
        (TimelineKind.OLD_MODEL_LIMIT, D(2022, 8, 2), "Villages ravitaillés en eau par camion"),
        (TimelineKind.WHITE_PEBBLE, D(2024, 5, 25), "Fête des tiers-lieux caussenards"),
    ],
    "243109063": [
        (TimelineKind.KEY_EVENT, D(2021, 3, 18), "Labellisation du projet alimentaire"),
        (TimelineKind.WHITE_PEBBLE, D(2022, 9, 5), "Premiers repas de la légumerie"),
        (TimelineKind.CONTESTED, D(2024, 1, 25), "Séance de quatre heures sur la charte foncière"),
    ],
}

# Evidence: (category, respondent number, axis, kind, description, frequency).
EVIDENCE = {
    "41185": [
        (ESS, 0, "P3-b", EvidenceKind.INDICATOR, "Cahier des passages au café de la gare", ""),
        (ELU, 0, "P1-e", EvidenceKind.PROJECT, "Dépôt de paniers du jeudi", "chaque semaine"),
    ],
    "62901": [
        (AGENT, 0, "P2-i", EvidenceKind.DOCUMENT, "Délibération « zéro carbone, zéro exclu »", ""),
    ],
    "41290": [
        (ESS, 1, "P1-f", EvidenceKind.EVENT, "Chantier participatif de la gare", ""),
    ],
    "34350": [
        (ELU, 0, "P1-e", EvidenceKind.PROJECT, "Jardin partagé de la digue", ""),
    ],
    "74299": [
        (ELU, 0, "P4-i", EvidenceKind.EVENT, "Fête de l'air", "une fois par an"),
        (AGENT, 0, "P2-d", EvidenceKind.DEVICE, "Comité des services du plan", "tous les mois"),
    ],
    "245909015": [
        (
            AGENT,
            0,
            "P2-g",
            EvidenceKind.DEVICE,
            "Club des chargés de mission ESS",
            "tous les deux mois",
        ),
        (ETAT, 0, "P2-a", EvidenceKind.DOCUMENT, "Habilitation Territoire zéro chômeur", ""),
    ],
    "244109021": [
        (
            ETAT,
            0,
            "P3-d",
            EvidenceKind.DOCUMENT,
            "Contrat de relance et de transition écologique",
            "",
        ),
    ],
    "200039048": [
        (
            AGENT,
            0,
            "P2-g",
            EvidenceKind.DEVICE,
            "Petit déjeuner des chargés de mission",
            "tous les mois",
        ),
    ],
    "243109063": [
        (
            ELU,
            1,
            "P2-b",
            EvidenceKind.STORY,
            "Compte rendu de la séance sur la charte foncière",
            "",
        ),
        (AGENT, 1, "P3-e", EvidenceKind.INDICATOR, "Part de légumes bruts dans les cantines", ""),
    ],
}
