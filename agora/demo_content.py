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
