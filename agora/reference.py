"""Reference data of cooperation (DOMAIN §3.5), stored on opportunities as names.

Names, not rows: they are a shared vocabulary from the seeds, edited with the code, and
an opportunity keeps the name it was given if the list changes later.
"""

from __future__ import annotations

COOPERATION_FORMS = [
    "Tiers-lieu solidaire",
    "Lieu mutualisé (maison de l'ESS)",
    "PTCE (pôle territorial de coopération économique)",
    "SCIC",
    "CAE",
    "Filière (coopération ESS – PME)",
    "Cluster, grappe, système productif local solidaire",
    "Living-lab",
    "Circuits courts alimentaires",
    "TZCLD (Territoire zéro chômeur de longue durée)",
    "TEPOS (Territoire à énergie positive)",
    "TZDZG (Territoire zéro déchet zéro gaspillage)",
    "Mutualisation des savoirs",
    "Salon, réseau d'affaires, convention ESS",
    "Entente",
    "Pépinière, couveuse, hôtel d'activités",
    "Foncière citoyenne",
    "Groupement d'employeurs",
    "Centrale des marchés solidaires",
    "Circuits courts financiers (épargne solidaire)",
    "Fabrique citoyenne, pôle ESS",
    "Événement récurrent (festival des transitions)",
]

AUTHORITY_MOMENTS = ["Amorçage", "Développement", "Pérennisation"]
AUTHORITY_POSTURES = ["Initiative", "Soutien", "Proximité", "Co-construction"]
AUTHORITY_MEANS = [
    "Compétences",
    "Apports en nature",
    "Investissement immobilier",
    "Prêts",
    "Mise en réseau",
    "Médiation",
    "Soutien financier",
]


def choices(names: list[str]) -> list[tuple[str, str]]:
    return [(name, name) for name in names]
