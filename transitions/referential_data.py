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
        "title_fr": "Évaluer la valeur créée, s'intéresser aux effets utiles de l'action sur le temps long",
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

# What each balise means, in our own words (after DOMAIN §2.3), and the work axes it
# relates to. Keyed on the balise code (dimension-number); axis letters are those of the
# principle the dimension maps to (DOMAIN §2.2: engagement → P1, cooperation → P2,
# systemic → P3, value → P4). Every balise names at least one axis and every axis is
# named by at least one balise (tests/transitions/test_balises.py checks both).
BALISE_NOTES = {
    "engagement-1": (
        "Partir du quotidien des gens, « au bout de la rue » : de petites actions concrètes "
        "sur des sujets qui comptent (manger, se chauffer, l'espace public) ouvrent un "
        "premier engagement et donnent de l'élan aux associations locales.",
        'Start from people\'s daily lives, "at the end of the street": small concrete '
        "actions on subjects that matter (food, heating, public space) open a first "
        "engagement and give local associations momentum.",
        "aef",
    ),
    "engagement-2": (
        "Le récit entraîne l'engagement : rassembler les histoires de chacun, y compris "
        "celles qui dérangent ou se contredisent, pour en faire un récit du territoire "
        "partagé et porté politiquement.",
        "Narrative draws people in: gather everyone's stories, including those that "
        "disturb or contradict, into a shared account of the territory that is carried "
        "politically.",
        "bcd",
    ),
    "engagement-3": (
        "S'engager, c'est prendre un risque : il y faut de la confiance en soi, dans les "
        "autres et dans la collectivité, et la permission d'explorer. Des expériences "
        "internes à petite échelle permettent de la construire.",
        "Engaging means taking a risk: it needs confidence in oneself, in others and in "
        "the local authority, and permission to explore. Small internal pilots help build "
        "it.",
        "aef",
    ),
    "engagement-4": (
        "Les services passent du rôle d'expert-gestionnaire à celui de facilitateur et "
        "porteur de projets, avec les fonctions supports ; les élu·es fixent le cap, "
        "acceptent des projets non décidés d'avance et reconnaissent le droit à l'erreur.",
        "Services move from expert-manager to facilitator and project carrier, with the "
        "support functions; elected officials set the course, accept projects not decided "
        "in advance and grant a right to make mistakes.",
        "fg",
    ),
    "engagement-5": (
        "L'engagement n'est pas un sacrifice : il doit nourrir la personne et non "
        "l'épuiser. Cela passe par la reconnaissance, des résultats visibles et des "
        "espaces où dire ce que l'on vit.",
        "Engagement is not a sacrifice: it should sustain the person, not wear them out. "
        "That takes recognition, visible results and spaces to say what one is going "
        "through.",
        "fg",
    ),
    "engagement-6": (
        "Aller voir ailleurs transforme : les voyages dans d'autres territoires "
        "rapprochent les personnes et montrent que le changement est possible.",
        "Going to see elsewhere transforms people: trips to other territories bring "
        "people closer and show that change can happen.",
        "ab",
    ),
    "systemic-1": (
        "Regarder chaque sujet sous ses faces économique, sociale, environnementale et "
        "démocratique, et les liens entre elles, y compris à travers des points de vue "
        "différents du sien.",
        "Look at every subject through its economic, social, environmental and democratic "
        "sides and the links between them, including through viewpoints other than one's "
        "own.",
        "cfg",
    ),
    "systemic-2": (
        "Quelques personnes et des premières actions exemplaires font apprendre ; "
        "l'action gagne ensuite l'extérieur de la collectivité, ce qui demande des "
        "lieux pour arbitrer ensemble.",
        "A few people and exemplary first actions create learning; action then spreads "
        "beyond the local authority, which calls for places to arbitrate together.",
        "ade",
    ),
    "systemic-3": (
        "Avancer en changeant de périmètre : chaque nouvel enjeu amène son propre système "
        "d'acteurs, et des écosystèmes coopératifs apparaissent.",
        "Move forward by changing perimeter: each new issue brings its own system of "
        "actors, and cooperative ecosystems appear.",
        "agh",
    ),
    "systemic-4": (
        "Il n'y a pas de plan à dérouler : on progresse en reliant les sujets et en "
        "saisissant les occasions, et la dynamique en crée de nouvelles.",
        "There is no plan to roll out: progress comes from linking subjects and seizing "
        "occasions, and the momentum creates new ones.",
        "bf",
    ),
    "systemic-5": (
        "Piloter par le sens, les échéances et l'attention aux ressources (compétences, "
        "confiance) plutôt que par des cibles chiffrées, un plan d'affaires et un budget.",
        "Steer by meaning, deadlines and care for resources (skills, trust) rather than "
        "by numeric targets, a business plan and a budget.",
        "deh",
    ),
    "cooperation-1": (
        "Coopérer, ce n'est pas penser pareil : entre élu·es et administration, entre "
        "services, avec les partenaires extérieurs, on reconnaît les enjeux propres de "
        "chacun et on arbitre entre eux.",
        "Cooperating is not thinking alike: between elected officials and "
        "administration, between services and with outside partners, each side's own "
        "stakes are recognised and arbitrated.",
        "bcd",
    ),
    "cooperation-2": (
        "Parler de ses limites ne va pas de soi et le plus fort impose souvent sa "
        "lecture : il faut organiser des temps de retour d'expérience et de récits "
        "contradictoires.",
        "Talking about one's limits does not come naturally and the strongest party "
        "often imposes its reading: feedback sessions and contradictory accounts have to "
        "be organised.",
        "cg",
    ),
    "cooperation-3": (
        "Les habitant·es ne sont pas seulement consulté·es : ils et elles comprennent les "
        "enjeux de la collectivité, dans une relation de compréhension mutuelle.",
        "Residents are not only consulted: they understand the local authority's stakes, "
        "in a relation of mutual understanding.",
        "ae",
    ),
    "cooperation-4": (
        "La coopération se cultive par les occasions de faire ensemble, y compris "
        "informelles ; les pratiques RH (recrutement, formation, primes, entretiens "
        "annuels) et les cahiers des charges coécrits doivent suivre.",
        "Cooperation grows through occasions to work together, informal ones included; "
        "HR practices (recruitment, training, bonuses, annual reviews) and co-written "
        "specifications have to follow.",
        "egh",
    ),
    "cooperation-5": (
        "Coopérer fait sortir du cadre habituel : partager le risque demande des "
        "protections, des règles du jeu et des références communes, dont le projet "
        "lui-même.",
        "Cooperating takes people outside the usual frame: sharing risk needs "
        "protections, rules of the game and common references, the project itself among "
        "them.",
        "hi",
    ),
    "cooperation-6": (
        "Distinguer le temps court du temps long et mettre la collectivité en tension "
        "positive avec son territoire, pour que logique publique et logiques d'acteurs "
        "se rencontrent.",
        "Tell the short term from the long term and put the local authority in positive "
        "tension with its territory, so that public logic and actors' logics meet.",
        "af",
    ),
    "value-1": (
        "La valeur n'est pas seulement monétaire ni comptable : il s'agit de révéler et "
        "d'apprécier ce qui compte sans se mesurer.",
        "Value is not only monetary or countable: the point is to reveal and appreciate "
        "what counts without being measurable.",
        "def",
    ),
    "value-2": (
        "Viser ensemble les effets utiles, les effets écologiques et l'activité et "
        "l'emploi locaux, par des solutions intégrées et des engagements tenus dans la "
        "durée.",
        "Aim at useful effects, ecological effects and local activity and jobs together, "
        "through integrated solutions and commitments kept over time.",
        "bg",
    ),
    "value-3": (
        "S'impliquer et coopérer produisent des ressources immatérielles (confiance, "
        "capacité d'agir ensemble) ; l'épuisement ou la rivalité peuvent au contraire "
        "en détruire.",
        "Getting involved and cooperating produce intangible resources (trust, the "
        "ability to act together); exhaustion or rivalry can destroy them instead.",
        "h",
    ),
    "value-4": (
        "Dire d'abord à quoi sert l'évaluation (rendre compte, professionnaliser, "
        "communiquer), puis compléter le registre comptable par les effets matériels et "
        "immatériels, dont les processus qui rendent capables.",
        "First say what evaluation is for (accountability, professionalisation, "
        "communication), then add material and intangible effects to the accounting "
        "register, enabling processes included.",
        "abcf",
    ),
    "value-5": (
        "Certaines actions « n'ont pas de prix » : rendre visible et reconnaître "
        "publiquement le temps bénévole, envisager une monnaie complémentaire, valoriser "
        "aussi les investissements.",
        'Some actions "have no price": make volunteer time visible and recognise it '
        "publicly, consider a complementary currency, value investments too.",
        "fi",
    ),
    "value-6": (
        "Une trajectoire singulière attire de l'argent de l'extérieur (économie "
        "résidentielle, tourisme de la transition, visites de professionnel·les) et le "
        "fait circuler sur place.",
        "A distinctive path attracts money from outside (residential economy, transition "
        "tourism, professional visits) and keeps it circulating locally.",
        "g",
    ),
}


def load_balise_notes(apps) -> None:
    """Write each balise's description and axes (idempotent; used by the data migration
    and by the tests that flush tables)."""
    Balise = apps.get_model("transitions", "Balise")
    Axis = apps.get_model("transitions", "Axis")
    axes = {(a.principle_id, a.letter): a for a in Axis.objects.all()}
    for balise in Balise.objects.all():
        description_fr, description_en, letters = BALISE_NOTES[balise.code]
        Balise.objects.filter(pk=balise.pk).update(
            description_fr=description_fr, description_en=description_en
        )
        balise.axes.set([axes[(balise.principle_id, letter)] for letter in letters])
