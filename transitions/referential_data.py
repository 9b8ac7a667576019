"""The framework's reference data: the 4 guiding principles, their 33 axes and the balises.

Names come from the Fabrique des transitions' framework (DOMAIN.md §2.1 and §2.3) and are
stored as data; the data migration loads them. Codes (P1 … P4, P1-a … P4-i) are stable:
every tag, score, export and codebook uses them.
"""

PRINCIPLES = [
    {
        "code": "P1",
        "dimension": "engagement",
        "title_fr": "Créer, renforcer les conditions d'engagement, ici et maintenant",
        "title_en": "Create and strengthen the conditions for engagement, here and now",
        "axes": [
            (
                "a",
                "S'engager n'est pas rationnel. Il faut du désir !",
                "Engagement isn't rational; it takes desire.",
            ),
            (
                "b",
                "Le désir nécessite d'agir sur les imaginaires et les représentations.",
                "Desire requires working on imaginaries and representations.",
            ),
            (
                "c",
                "Agir sur les représentations, l'imaginaire ne relève pas que de la littérature.",
                "Working on representations and imagination isn't only a matter of literature.",
            ),
            (
                "d",
                "Cela peut se faire de façon très pragmatique en s'intéressant au patrimoine culturel du territoire.",
                "It can be done very pragmatically through the territory's cultural heritage.",
            ),
            (
                "e",
                "Engager le mouvement à partir d'un projet concret autour duquel il y a déjà des acteurs engagés est une façon d'avancer.",
                "Starting from a concrete project that already has committed actors is a way forward.",
            ),
            (
                "f",
                "Créer des conditions et des opportunités multiples d'engagement est essentiel, stabiliser l'engagement dans la durée c'est encore mieux.",
                "Create many conditions and opportunities for engagement; keeping it going over time is even better.",
            ),
            (
                "g",
                "Reconnaître celles et ceux qui s'engagent et entretenir les modalités d'engagement",
                "Recognise those who engage and look after the ways they engage.",
            ),
        ],
    },
    {
        "code": "P2",
        "dimension": "cooperation",
        "title_fr": "Agir en coopération, tenir le cap et la durée collectivement",
        "title_en": "Act in cooperation and hold course over time, together",
        "axes": [
            (
                "a",
                "Sortir de la rivalité : coopérer, faire œuvre commune",
                "Leave rivalry behind: cooperate, build a common work.",
            ),
            ("b", "Mettre les différends au travail", "Put disagreements to work."),
            (
                "c",
                "Organiser la dispute, identifier et dépasser les désaccords pour s'accorder sur ce qui compte vraiment",
                "Organise the argument; identify and overcome disagreements to agree on what really matters.",
            ),
            (
                "d",
                "Une coopération en 3 dimensions : horizontale (interne), vertical (entre niveaux hiérarchiques, de collectivité, etc.), transversale (entre acteurs à l'externe)",
                "Three-dimensional cooperation: horizontal (internal), vertical (between hierarchical or government levels), transversal (with external actors).",
            ),
            (
                "e",
                "Organiser une nécessaire interconnaissance",
                "Organise the mutual acquaintance that is needed.",
            ),
            ("f", "Prendre en charge la complexité", "Take complexity on board."),
            (
                "g",
                "Instaurer des espaces de travail collectifs, des espaces d'analyse, de réflexivité entre pairs notamment",
                "Set up collective work spaces and spaces for analysis and reflexivity, especially among peers.",
            ),
            (
                "h",
                "Construire une responsabilité partagée, un leadership partagé",
                "Build shared responsibility and shared leadership.",
            ),
            (
                "i",
                "Faciliter la coopération et expérimenter : assumer un droit à l'erreur !",
                "Make cooperation easier and experiment: own a right to make mistakes.",
            ),
        ],
    },
    {
        "code": "P3",
        "dimension": "systemic",
        "title_fr": "Agir de façon intégrée, systémique, élargir le périmètre progressivement",
        "title_en": "Act in an integrated, systemic way and widen the scope gradually",
        "axes": [
            (
                "a",
                "Impliquer les citoyens et les acteurs et coopérer avec eux",
                "Involve citizens and actors and cooperate with them.",
            ),
            (
                "b",
                "Sur leurs sujets : « partir de là où les gens sont et là où ils en sont »",
                'On their own subjects: "start from where people are, and where they\'re at".',
            ),
            ("c", "Laisser place aux récits alternatifs", "Leave room for alternative narratives."),
            (
                "d",
                "Proposer un portage et un pilotage partagé",
                "Offer shared ownership and shared steering.",
            ),
            (
                "e",
                "Impliquer les fonctions supports",
                "Involve support functions (HR, finance, legal).",
            ),
            (
                "f",
                "Prêter attention aux effets non anticipés du projet et de l'action",
                "Pay attention to the unforeseen effects of the project and the action.",
            ),
            ("g", "Observer les effets à plusieurs échelles", "Observe effects at several scales."),
            ("h", "Faire intervenir une expertise extérieure", "Bring in outside expertise."),
        ],
    },
    {
        "code": "P4",
        "dimension": "value",
        "title_fr": "Evaluer la valeur créée, s'intéresser aux effets utiles de l'action sur le temps long",
        "title_en": "Evaluate the value created and look at the useful effects of action over the long term",
        "axes": [
            (
                "a",
                "Lever le nez du guidon",
                "Look up from the handlebars (step back from the rush).",
            ),
            (
                "b",
                "Évaluer dans la durée : c'est un processus",
                "Evaluate over time: it is a process.",
            ),
            (
                "c",
                "Sortir du livrable à court terme : non plus une évaluation de contrôle mais de soutien",
                "Move beyond short-term deliverables: evaluation to support, not to control.",
            ),
            ("d", "Définir ce qui compte…", "Define what counts…"),
            (
                "e",
                "… et délibérer sur ce qui compte vraiment",
                "…and deliberate on what really counts.",
            ),
            ("f", "Sortir de la logique purement comptable", "Move beyond pure accounting logic."),
            (
                "g",
                "Considérer la production de valeur ajoutée pour la société dans son ensemble",
                "Consider the added value produced for society as a whole.",
            ),
            (
                "h",
                "Évaluer la qualité de la coopération et les formes d'engagement",
                "Evaluate the quality of cooperation and the forms engagement takes.",
            ),
            ("i", "Et enfin, célébrer !", "And finally, celebrate!"),
        ],
    },
]

# Balises (invariants) per dimension, keyed on the dimension, not on the seed's order.
BALISES = {
    "engagement": [
        (
            "S'inscrire dans une proximité au territoire vécu, au quotidien",
            "Stay close to the territory as it is lived, every day",
        ),
        ("Construire le récit", "Build the narrative"),
        ("Créer les conditions de la confiance", "Create the conditions for trust"),
        (
            "Changer le travail des services et des élus",
            "Change how services and elected officials work",
        ),
        (
            "Veiller à ce que l'engagement fasse ressource pour la personne, pour qu'il puisse se maintenir dans la durée",
            "Make sure engagement is a resource for the person, so that it lasts",
        ),
        ("S'engager, c'est voyager", "To engage is to travel"),
    ],
    "systemic": [
        ("Élargir le regard", "Widen the view"),
        ("Créer un effet d'entraînement", "Create a ripple effect"),
        ("Progresser par sauts systémiques", "Progress by systemic leaps"),
        (
            "Saisir les opportunités, les événements, comme une ressource",
            "Seize opportunities and events as a resource",
        ),
        (
            "Piloter par le sens, les délais, l'attention aux ressources",
            "Steer by meaning, deadlines and attention to resources",
        ),
    ],
    "cooperation": [
        ("Coopérer ne signifie pas être alignés", "Cooperating does not mean being aligned"),
        ("Construire et animer des dispositifs de réflexivité", "Build and run reflexive spaces"),
        ("Pas seulement participer, coopérer", "Not only participate: cooperate"),
        ("Manager (par) la coopération", "Manage (through) cooperation"),
        ("Développer une culture du risque partagé", "Develop a culture of shared risk"),
        ("Jouer le temps et le territoire", "Play on time and territory"),
    ],
    "value": [
        (
            "Appréhender la multiplicité des dimensions de valeurs",
            "Grasp the many dimensions of value",
        ),
        (
            "Créer de la valeur à visées à la fois sociale, environnementale, économique",
            "Create value with social, environmental and economic aims together",
        ),
        (
            "Renforcer la capacité collective à entreprendre",
            "Strengthen the collective capacity to undertake",
        ),
        (
            "Évaluer une diversité de plans / de résultats",
            "Evaluate a diversity of planes and results",
        ),
        (
            "Articuler les plans monétaire et symbolique de la valorisation",
            "Link the monetary and symbolic planes of valuation",
        ),
        (
            "Favoriser / valoriser une circulation monétaire endogène/exogène aux territoires",
            "Foster and value money circulating into and within territories",
        ),
    ],
}

# The 004 dimension titles, used as headings for each principle's balises.
DIMENSIONS = {
    "engagement": (
        "L'engagement des acteurs du territoire comme ressource",
        "The engagement of the territory's actors as a resource",
    ),
    "cooperation": ("Travailler en coopération", "Working in cooperation"),
    "systemic": (
        "Agir de façon intégrée, s'intéresser aux effets systémiques de l'action",
        "Acting in an integrated way, attending to the systemic effects of action",
    ),
    "value": (
        "Évaluer la valeur créée et interroger le rapport entre la valeur et les moyens mobilisés pour faire émerger un nouveau modèle économique",
        "Evaluating the value created and the relation between value and the means used, towards a new economic model",
    ),
}
