"""What the demo agora holds once its stage is open, as plain data (the loader glue is
agora/demo.py; the forums' demo content is separate and stays in agora/demo.py).

Statements cross what the peer groups shared (DOMAIN §3.8): shared constraints and
expectations, consensus and dissensus attributed to roles, and the learnings. Each cites
its source cards by name (peergroups/demo_content.py) and records each category's
position: (stance, nuance).
"""

from __future__ import annotations

from transitions.models import ActorCategory

ELU = ActorCategory.ELU
AGENT = ActorCategory.AGENT_COLLECTIVITE
ETAT = ActorCategory.AGENT_ETAT
ESS = ActorCategory.ACTEUR_SOCIO_ECONOMIQUE

STATEMENTS = [
    (
        "shared_constraint",
        "Il manque un espace où dire ses difficultés ne coûte rien à celui qui les dit.",
        ["ess-franchise", "agent-reserve"],
        {
            ELU: ("agree", ""),
            AGENT: ("agree", ""),
            ETAT: (
                "nuanced",
                "Les comités de pilotage existent ; c'est leur format qui empêche de parler "
                "franchement.",
            ),
            ESS: ("agree", ""),
        },
    ),
    (
        "shared_constraint",
        "Mandats, budgets annuels et appels à projets ont des calendriers plus courts que "
        "les transformations qu'on leur demande.",
        ["elu-mandat", "etat-calendrier", "ess-appels"],
        {ELU: ("agree", ""), AGENT: ("agree", ""), ETAT: ("agree", ""), ESS: ("agree", "")},
    ),
    (
        "shared_expectation",
        "Être associé avant que le dossier soit bouclé, quand il est encore temps d'ajuster.",
        ["etat-en-amont", "agent-supports"],
        {
            ELU: ("agree", ""),
            AGENT: ("agree", "Y compris les fonctions supports de nos propres maisons."),
            ETAT: ("agree", ""),
            ESS: ("agree", ""),
        },
    ),
    (
        "proposal",
        "Les appels à projets sont un bon outil pour soutenir l'ESS d'un territoire.",
        ["ess-appels"],
        {
            ELU: (
                "nuanced",
                "Ils garantissent l'égalité de traitement ; c'est leur durée d'un an qui pose "
                "problème.",
            ),
            AGENT: ("nuanced", "Utiles pour ouvrir, lourds à instruire chaque année."),
            ETAT: ("agree", "Ils restent la règle d'attribution des crédits que nous gérons."),
            ESS: (
                "disagree",
                "Ils organisent la rivalité entre ceux qui devraient coopérer.",
            ),
        },
    ),
    (
        "proposal",
        "Chaque catégorie dit ses contraintes avant de formuler ses attentes envers les autres.",
        ["ess-contraintes", "etat-marges"],
        {ELU: ("agree", ""), AGENT: ("agree", ""), ETAT: ("agree", ""), ESS: ("agree", "")},
    ),
    (
        "learning",
        "Une collectivité n'est pas un bloc, l'ESS non plus : chacune a ses élus, ses "
        "salariés, ses bénévoles, et des contraintes qui ne se recouvrent pas.",
        ["ess-statut", "agent-charge"],
        {
            ELU: ("agree", ""),
            AGENT: ("agree", ""),
            ETAT: ("agree", ""),
            ESS: (
                "agree",
                "Nous parlions « à la mairie » comme à une seule personne.",
            ),
        },
    ),
]


# The finished cohort's agora (transitions.demo.FINISHED_COHORT_NAME), held a year ago with
# its three delegations: each statement has each category's position and, keyed by the
# territory's code, each delegation's. Its peer groups' cards are not part of the demo, so
# these statements cite no source card.
HAUTE_SAMBRE, LAVERGNE, HAUT_VERCORS = "245907126", "41185", "243805181"

FINISHED_STATEMENTS = [
    (
        "shared_constraint",
        "Personne n'a de temps prévu pour coopérer : la coopération se fait en plus du "
        "travail, le soir ou entre deux réunions.",
        {ELU: ("agree", ""), AGENT: ("agree", ""), ETAT: ("agree", ""), ESS: ("agree", "")},
        {HAUTE_SAMBRE: ("agree", ""), LAVERGNE: ("agree", ""), HAUT_VERCORS: ("agree", "")},
    ),
    (
        "shared_expectation",
        "Que l'autre partie dise tôt ce qu'elle ne pourra pas faire, plutôt que de "
        "laisser un projet s'enliser.",
        {
            ELU: ("agree", ""),
            AGENT: ("agree", "Surtout sur les délais d'instruction."),
            ETAT: ("agree", ""),
            ESS: ("agree", ""),
        },
        {HAUTE_SAMBRE: ("agree", ""), LAVERGNE: ("agree", ""), HAUT_VERCORS: ("agree", "")},
    ),
    (
        "shared_self_expectation",
        "Chacun s'engage à venir aux rencontres avec une personne qui décide, pas seulement "
        "avec quelqu'un qui prend des notes.",
        {
            ELU: ("nuanced", "Les agendas d'élus ruraux ne le permettent pas à chaque fois."),
            AGENT: ("agree", ""),
            ETAT: ("nuanced", "Nos arbitrages remontent souvent à la préfecture de région."),
            ESS: ("agree", ""),
        },
        {
            HAUTE_SAMBRE: ("agree", ""),
            LAVERGNE: ("nuanced", "À trois élus pour toute la commune, c'est beaucoup demander."),
            HAUT_VERCORS: ("agree", ""),
        },
    ),
    (
        "proposal",
        "La commande publique peut être un levier pour les structures de l'ESS locales.",
        {
            ELU: ("agree", "Avec des clauses d'insertion et des lots plus petits."),
            AGENT: ("nuanced", "Le code le permet ; nos acheteurs n'y sont pas formés."),
            ETAT: ("nuanced", "À condition de ne pas réserver un marché à un acteur désigné."),
            ESS: ("disagree", "Nous perdons sur le prix face aux grands groupes du bâtiment."),
        },
        {
            HAUTE_SAMBRE: ("agree", ""),
            LAVERGNE: ("nuanced", "Nos marchés sont trop petits pour que la question se pose."),
            HAUT_VERCORS: ("disagree", "La filière bois locale n'a jamais été retenue."),
        },
    ),
    (
        "proposal",
        "Un projet pilote part de ce qui existe déjà sur le territoire, même modeste, "
        "plutôt que d'une idée venue d'ailleurs.",
        {ELU: ("agree", ""), AGENT: ("agree", ""), ETAT: ("agree", ""), ESS: ("agree", "")},
        {HAUTE_SAMBRE: ("agree", ""), LAVERGNE: ("agree", ""), HAUT_VERCORS: ("agree", "")},
    ),
    (
        "learning",
        "Les agents de l'État ont découvert que les élus ruraux portent seuls des dossiers "
        "qu'une agglomération confie à tout un service.",
        {
            ELU: ("agree", ""),
            AGENT: ("agree", ""),
            ETAT: ("agree", "Nous adapterons le calendrier de nos appels à manifestation."),
            ESS: ("agree", ""),
        },
        {HAUTE_SAMBRE: ("agree", ""), LAVERGNE: ("agree", ""), HAUT_VERCORS: ("agree", "")},
    ),
]
