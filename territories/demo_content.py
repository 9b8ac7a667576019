"""What the demo says about its ten fictitious territories: facts, profile, ESS map and
pilot projects, as plain data (the loader glue is territories/demo.py).

Keyed by the territory's official code, the natural key the core's demo creates it with
(transitions.demo.DEMO_TERRITORIES). Every text is ours and appears once: the test
tests/transitions/test_demo_reads_true.py counts them.

Typology values are written as the method names them, ahead of the models:
- `political_label`: a `PoliticalLabel` code (ps, eelv, lrm, liste_citoyenne, divers,
  sans_etiquette, autre); `political_label_text` is how the territory names it, kept as
  the label's detail where the code alone says too little (divers, autre);
- `maturity`: the seeds' two levels (beginner, experienced);
- an organisation's `ess_character`: associative, cooperative, commercial, professional,
  citizen ([001]), loaded into `Organisation.character`.
"""

from __future__ import annotations

import datetime

D = datetime.date

TERRITORIES: dict[str, dict] = {
    # --- A former mining commune, a citizen list in office for three mandates ----------
    "62901": {
        "name": "Bruyères-les-Terrils",
        "political_label": "liste_citoyenne",
        "political_label_text": "Liste citoyenne",
        "maturity": "experienced",
        "ess_integration": "high",
        "profile": {
            "context": (
                "Ancienne cité minière de 1 700 habitants au pied de deux terrils classés. "
                "La fermeture du dernier puits a laissé un chômage durable, mais aussi une "
                "culture de l'entraide que la commune cultive : jardins ouvriers, harmonie "
                "municipale, fête de la Sainte-Barbe."
            ),
            "ambition": (
                "Devenir une commune « zéro carbone, zéro exclu » d'ici 2040, objectif voté "
                "au conseil municipal en 2021 et repris dans chaque délibération "
                "d'investissement."
            ),
            "ecosystem": (
                "La SCIC qui gère la centrale solaire sur l'ancien carreau de fosse, "
                "l'association des jardins ouvriers, l'école et son comité de parents. Les "
                "artisans du bâtiment restent à associer : la rénovation des corons passe "
                "par eux."
            ),
            "leadership": (
                "Le maire, ancien mineur, porte la démarche depuis vingt ans ; la secrétaire "
                "générale et deux agents techniques font tout le reste. La question de la "
                "relève est posée à voix haute."
            ),
            "ess_relations": (
                "Une coopération ancienne avec la SCIC solaire, dont la commune est "
                "sociétaire ; des relations plus distantes avec la structure d'insertion "
                "intercommunale, qui répond aux marchés sans dialogue préalable."
            ),
        },
        "organisations": [
            {
                "name": "Soleil du Carreau (SCIC)",
                "legal_form": "scic",
                "ess_character": "cooperative",
                "sectors": "énergie solaire",
                "origin": "authority_initiative",
                "relations": [
                    ("UNEQUAL", "", D(2014, 5, 1)),
                    ("TRUST_PARTNERSHIP", "COOPERATION", D(2020, 9, 1)),
                ],
            },
            {
                "name": "Jardins ouvriers de la Fosse 7",
                "legal_form": "association",
                "ess_character": "citizen",
                "sectors": "alimentation, lien social",
                "origin": "citizen_close",
                "relations": [("TRUST_PARTNERSHIP", "PARTNERSHIP", D(2019, 3, 1))],
            },
            {
                "name": "Chantier d'insertion Gohelle Bâti",
                "legal_form": "siae",
                "ess_character": "associative",
                "sectors": "rénovation, insertion",
                "origin": "wider_territory",
                "relations": [("UNEQUAL", "", D(2022, 1, 15))],
            },
        ],
    },
    # --- A small Sologne bourg without a party label, new to the subject ---------------
    "41290": {
        "name": "Saint-Aubin-des-Genêts",
        "political_label": "sans_etiquette",
        "political_label_text": "Sans étiquette",
        "maturity": "beginner",
        "ess_integration": "low",
        "profile": {
            "context": (
                "Bourg solognot de 4 300 habitants entouré d'étangs et de forêts privées. "
                "Les grands domaines de chasse côtoient une population vieillissante et des "
                "familles arrivées d'Orléans pour le prix du foncier ; la boulangerie et la "
                "pharmacie sont les derniers commerces du centre."
            ),
            "ambition": (
                "Pas encore de projet de territoire écrit : l'équipe élue en 2020 parle de "
                "« garder un bourg vivant » et a inscrit la revitalisation du centre dans la "
                "convention Petites villes de demain."
            ),
            "ecosystem": (
                "Le comité des fêtes, l'association de parents d'élèves et un groupe "
                "d'habitants qui a rouvert l'ancienne gare en café associatif. Les "
                "propriétaires forestiers et les agriculteurs ne sont pas encore autour de "
                "la table."
            ),
            "leadership": (
                "La maire et sa première adjointe tiennent la démarche, avec une secrétaire "
                "de mairie à plein temps ; l'entrée dans la cohorte a été votée à "
                "l'unanimité mais suivie de loin par une partie du conseil."
            ),
            "ess_relations": (
                "Peu de structures de l'ESS sur la commune elle-même ; le café associatif "
                "de la gare est le seul interlocuteur régulier, aidé par une subvention "
                "annuelle sans convention."
            ),
        },
        "organisations": [
            {
                "name": "Café associatif Le Quai",
                "legal_form": "association",
                "ess_character": "citizen",
                "sectors": "convivialité, culture",
                "origin": "citizen_close",
                "relations": [("DISTANT", "", D(2022, 6, 1))],
            },
            {
                "name": "Les Paniers de la Sauldre",
                "legal_form": "association",
                "ess_character": "citizen",
                "sectors": "alimentation, circuits courts",
                "origin": "citizen_close",
                "relations": [("DISTANT", "", D(2024, 4, 1))],
            },
            {
                "name": "Ressourcerie de Sologne",
                "legal_form": "siae",
                "ess_character": "associative",
                "sectors": "réemploi, insertion",
                "origin": "wider_territory",
                "relations": [("DISTANT", "", D(2023, 2, 1))],
            },
        ],
    },
    # --- A wine-growing town of the Orb valley, green mayor since 2020 -----------------
    "34350": {
        "name": "Montcalme-sur-Orb",
        "political_label": "eelv",
        "political_label_text": "EELV",
        "maturity": "beginner",
        "ess_integration": "medium",
        "profile": {
            "context": (
                "Petite ville viticole de 12 800 habitants dans la vallée de l'Orb, entre "
                "garrigue et plaine inondable. La cave coopérative a perdu la moitié de ses "
                "apporteurs en quinze ans ; les crues de 2019 et la sécheresse de 2022 ont "
                "rendu la question de l'eau très concrète."
            ),
            "ambition": (
                "Le programme de 2020 promettait une « ville nourricière et sobre en eau » ; "
                "un plan de résilience alimentaire a été adopté en 2023 sans budget "
                "pluriannuel."
            ),
            "ecosystem": (
                "La cave coopérative, une AMAP très active, la mission locale et un collectif "
                "d'habitants sinistrés des crues. Les vignerons indépendants et la chambre "
                "d'agriculture observent sans s'engager."
            ),
            "leadership": (
                "Le maire et son adjointe à la transition écologique sont très présents ; "
                "la direction générale, arrivée en 2023, découvre la démarche et le service "
                "économie fonctionne avec deux postes vacants."
            ),
            "ess_relations": (
                "Des relations de soutien avec l'AMAP et la mission locale, mais la cave "
                "coopérative reste vue comme un acteur agricole et non comme une entreprise "
                "de l'ESS, y compris par elle-même."
            ),
        },
        "organisations": [
            {
                "name": "Cave coopérative Les Coteaux de l'Orb",
                "legal_form": "cooperative",
                "ess_character": "professional",
                "sectors": "viticulture",
                "origin": "wider_territory",
                "relations": [("DISTANT", "", D(2020, 10, 1))],
            },
            {
                "name": "AMAP du Pont-Vieux",
                "legal_form": "association",
                "ess_character": "citizen",
                "sectors": "alimentation, circuits courts",
                "origin": "citizen_close",
                "relations": [("TRUST_PARTNERSHIP", "PARTNERSHIP", D(2021, 4, 1))],
            },
            {
                "name": "Terres de l'Orb (espace test agricole)",
                "legal_form": "couveuse",
                "ess_character": "associative",
                "sectors": "installation agricole",
                "origin": "authority_initiative",
                "relations": [("QUASI_DELEGATION", "DELEGATION", D(2023, 9, 1))],
            },
        ],
    },
    # --- An industrial town of the Arve valley, socialist majority --------------------
    "74299": {
        "name": "Villeneuve-sur-Arvière",
        "political_label": "ps",
        "political_label_text": "PS",
        "maturity": "experienced",
        "ess_integration": "medium",
        "profile": {
            "context": (
                "Ville de 24 000 habitants dans une vallée alpine industrielle, capitale du "
                "décolletage. Les pics de pollution de l'hiver, le prix du logement tiré par "
                "le travail frontalier et les difficultés de recrutement des entreprises "
                "structurent le débat local."
            ),
            "ambition": (
                "Un plan « Vallée respirable » adopté en 2019 (chauffage au bois, mobilité, "
                "logement) et un projet de territoire en cours de réécriture avec les "
                "communes voisines pour y intégrer l'emploi industriel."
            ),
            "ecosystem": (
                "Le club d'entreprises du décolletage, une régie de quartier, une "
                "coopérative d'autopartage et les deux lycées professionnels. Les "
                "travailleurs frontaliers, nombreux, restent absents des instances."
            ),
            "leadership": (
                "La maire a fait de la qualité de l'air son marqueur ; un DGA transition "
                "coordonne cinq services. Les élus d'opposition contestent le coût du "
                "remplacement des poêles mais siègent au comité de suivi."
            ),
            "ess_relations": (
                "Une délégation bien installée avec la régie de quartier, un partenariat "
                "naissant avec la coopérative d'autopartage, et une méconnaissance "
                "réciproque entre les industriels et les structures de l'ESS."
            ),
        },
        "organisations": [
            {
                "name": "Régie de quartier des Îles",
                "legal_form": "siae",
                "ess_character": "associative",
                "sectors": "propreté, médiation",
                "origin": "authority_initiative",
                "relations": [("QUASI_DELEGATION", "DELEGATION", D(2016, 1, 1))],
            },
            {
                "name": "Arv'Autopartage",
                "legal_form": "scic",
                "ess_character": "cooperative",
                "sectors": "mobilité",
                "origin": "wider_territory",
                "relations": [
                    ("UNEQUAL", "", D(2021, 3, 1)),
                    ("TRUST_PARTNERSHIP", "PARTNERSHIP", D(2024, 5, 1)),
                ],
            },
            {
                "name": "Groupement d'employeurs Vallée Industrie",
                "legal_form": "groupement_employeurs",
                "ess_character": "professional",
                "sectors": "emploi industriel",
                "origin": "wider_territory",
                "relations": [("DISTANT", "", D(2023, 11, 1))],
            },
        ],
    },
    # --- A urban community on the Escaut, long-standing ESS policy ---------------------
    "245909015": {
        "name": "Communauté urbaine de Valmont-Escaut",
        "political_label": "ps",
        "political_label_text": "PS",
        "maturity": "experienced",
        "ess_integration": "high",
        "profile": {
            "context": (
                "Communauté urbaine de 108 000 habitants, 21 communes le long de l'Escaut, "
                "marquée par la fin du textile et de la sidérurgie. Un taux de pauvreté "
                "élevé, des friches immenses, et trente ans de politiques d'insertion qui "
                "ont fait naître un tissu d'ESS dense."
            ),
            "ambition": (
                "Un projet de territoire « Escaut 2035 » voté en 2022 qui fait de la "
                "transition juste son fil rouge, avec un pôle territorial de coopération "
                "économique soutenu et une expérimentation Territoire zéro chômeur dans "
                "deux quartiers."
            ),
            "ecosystem": (
                "Le PTCE des friches, l'entreprise à but d'emploi, la CRESS, une coopérative "
                "d'activités et d'emploi et les bailleurs sociaux. Les communes rurales du "
                "nord de l'agglomération se sentent peu concernées."
            ),
            "leadership": (
                "Le président et sa vice-présidente à l'ESS portent un discours constant ; "
                "une direction de l'économie solidaire de huit personnes existe depuis 2010. "
                "Les maires des petites communes demandent à être associés plus tôt."
            ),
            "ess_relations": (
                "Des relations de confiance avec les structures historiques de l'insertion, "
                "une coopération réelle au sein du PTCE, et une tension récurrente sur les "
                "appels à projets annuels jugés trop courts par les associations."
            ),
        },
        "organisations": [
            {
                "name": "PTCE Les Friches de l'Escaut",
                "legal_form": "association",
                "ess_character": "professional",
                "sectors": "réemploi, bâtiment, alimentation",
                "origin": "authority_initiative",
                "relations": [
                    ("QUASI_DELEGATION", "DELEGATION", D(2015, 6, 1)),
                    ("TRUST_PARTNERSHIP", "COOPERATION", D(2021, 6, 1)),
                ],
            },
            {
                "name": "EBE Quartiers Solidaires",
                "legal_form": "ebe",
                "ess_character": "commercial",
                "sectors": "services de proximité",
                "origin": "authority_initiative",
                "relations": [("TRUST_PARTNERSHIP", "PARTNERSHIP", D(2022, 1, 1))],
            },
            {
                "name": "Coopérative d'activités Escaut Entreprendre",
                "legal_form": "cae",
                "ess_character": "cooperative",
                "sectors": "création d'activité",
                "origin": "wider_territory",
                "relations": [("UNEQUAL", "", D(2023, 4, 1))],
            },
            {
                "name": "Ateliers du Fil (SCOP)",
                "legal_form": "scop",
                "ess_character": "cooperative",
                "sectors": "textile, confection",
                "origin": "wider_territory",
                "relations": [("DISTANT", "", D(2024, 2, 1))],
            },
        ],
    },
    # --- A mixed agglomeration in the Centre, majority close to Renaissance -------------
    "244109021": {
        "name": "Agglomération du Val de Brenne",
        "political_label": "lrm",
        "political_label_text": "Renaissance",
        "maturity": "beginner",
        "ess_integration": "medium",
        "profile": {
            "context": (
                "Agglomération de 62 000 habitants, une ville-centre préfecture et 27 "
                "communes de plaine céréalière. La logistique le long de l'autoroute a "
                "créé des emplois peu qualifiés ; les bourgs se vident de leurs services."
            ),
            "ambition": (
                "Le plan climat-air-énergie adopté en 2024 fixe les objectifs ; le président "
                "veut en faire un « plan d'attractivité verte » et a demandé à la cohorte de "
                "l'aider à passer des intentions aux projets."
            ),
            "ecosystem": (
                "Une recyclerie portée par une association d'insertion, un réseau de "
                "producteurs en vente directe et l'association des commerçants de la "
                "ville-centre. Les maires ruraux se demandent ce que la démarche leur "
                "apportera."
            ),
            "leadership": (
                "Le président délègue au vice-président à l'environnement, sans réunion "
                "commune avec le vice-président à l'économie ; un chargé de mission "
                "transition a été recruté en CDD de trois ans."
            ),
            "ess_relations": (
                "Des relations surtout de prestation : marchés de collecte et d'entretien "
                "attribués aux structures d'insertion, sans espace pour parler d'autre "
                "chose que des cahiers des charges."
            ),
        },
        "organisations": [
            {
                "name": "Recyclerie de la Brenne",
                "legal_form": "siae",
                "ess_character": "associative",
                "sectors": "réemploi, collecte",
                "origin": "wider_territory",
                "relations": [("UNEQUAL", "", D(2019, 1, 1))],
            },
            {
                "name": "Producteurs du Val en direct",
                "legal_form": "cooperative",
                "ess_character": "professional",
                "sectors": "vente directe",
                "origin": "wider_territory",
                "relations": [("DISTANT", "", D(2024, 3, 1))],
            },
            {
                "name": "Mutuelle santé du Berry",
                "legal_form": "mutuelle",
                "ess_character": "professional",
                "sectors": "santé, prévention",
                "origin": "wider_territory",
                "relations": [("DISTANT", "", D(2024, 3, 1))],
            },
        ],
    },
    # --- A Forez agglomeration, various right, energy first ---------------------------
    "244209037": {
        "name": "Agglomération des Coteaux du Forez",
        "political_label": "divers",
        "political_label_text": "Divers",
        "maturity": "experienced",
        "ess_integration": "low",
        "profile": {
            "context": (
                "Agglomération de 45 000 habitants entre la plaine du Forez et les monts, "
                "avec une industrie agroalimentaire et de sous-traitance mécanique. Le "
                "territoire est labellisé à énergie positive depuis 2016 : réseaux de "
                "chaleur, méthanisation, rénovation des bâtiments publics."
            ),
            "ambition": (
                "Atteindre l'autonomie énergétique en 2040 ; l'ambition est technique et "
                "portée par les services. Le volet social et économique de la transition "
                "n'est pas encore formulé."
            ),
            "ecosystem": (
                "Le syndicat d'énergie, les agriculteurs méthaniseurs, une entreprise "
                "adaptée et une épicerie sociale. Les associations d'éducation populaire ne "
                "sont pas sollicitées sur la transition."
            ),
            "leadership": (
                "Un vice-président à l'énergie très investi et un service énergie reconnu "
                "nationalement ; les autres élus voient la démarche comme l'affaire de ce "
                "service."
            ),
            "ess_relations": (
                "Des relations ponctuelles et distantes : l'agglomération connaît mal les "
                "structures de l'ESS et ne les a jamais réunies."
            ),
        },
        "organisations": [
            {
                "name": "Entreprise adaptée du Forez",
                "legal_form": "association",
                "ess_character": "associative",
                "sectors": "sous-traitance, emploi",
                "origin": "wider_territory",
                "relations": [("UNEQUAL", "", D(2018, 9, 1))],
            },
            {
                "name": "Épicerie solidaire La Passerelle",
                "legal_form": "association",
                "ess_character": "citizen",
                "sectors": "aide alimentaire",
                "origin": "citizen_close",
                "relations": [("DISTANT", "", D(2021, 5, 1))],
            },
        ],
    },
    # --- A PETR of the causses, no party label at the syndicate -----------------------
    "200039048": {
        "name": "PETR du Pays des Causses",
        "political_label": "sans_etiquette",
        "political_label_text": "Sans étiquette",
        "maturity": "beginner",
        "ess_integration": "medium",
        "profile": {
            "context": (
                "Pôle d'équilibre de 38 000 habitants sur trois communautés de communes de "
                "plateaux calcaires. Élevage ovin, tourisme de pleine nature et une forte "
                "baisse démographique dans les villages ; l'eau manque chaque été."
            ),
            "ambition": (
                "Le projet de territoire du PETR vise à « vivre et travailler au pays » ; il "
                "sert de cadre au programme LEADER et au contrat de relance, sans autorité "
                "sur les communautés de communes membres."
            ),
            "ecosystem": (
                "Une coopérative de bergers, un réseau de tiers-lieux ruraux, l'office de "
                "tourisme et des associations d'accueil de nouveaux habitants. Les trois "
                "communautés de communes avancent chacune à leur rythme."
            ),
            "leadership": (
                "Le président du PETR, maire d'un village de 300 habitants, anime un comité "
                "syndical consensuel ; l'équipe compte quatre agents, tous chargés de "
                "programmes financés."
            ),
            "ess_relations": (
                "Des partenariats nombreux mais fragiles, liés aux financements LEADER : "
                "les structures de l'ESS connaissent bien l'équipe technique, moins les "
                "élus des communautés membres."
            ),
        },
        "organisations": [
            {
                "name": "Coopérative des bergers du Causse",
                "legal_form": "cooperative",
                "ess_character": "professional",
                "sectors": "élevage, transformation",
                "origin": "wider_territory",
                "relations": [("TRUST_PARTNERSHIP", "PARTNERSHIP", D(2020, 2, 1))],
            },
            {
                "name": "Réseau des tiers-lieux caussenards",
                "legal_form": "association",
                "ess_character": "associative",
                "sectors": "tiers-lieux, numérique",
                "origin": "citizen_close",
                "relations": [
                    ("QUASI_DELEGATION", "DELEGATION", D(2021, 7, 1)),
                    ("TRUST_PARTNERSHIP", "PARTNERSHIP", D(2024, 7, 1)),
                ],
            },
            {
                "name": "Accueil Causses Nouveaux Arrivants",
                "legal_form": "association",
                "ess_character": "citizen",
                "sectors": "accueil, installation",
                "origin": "citizen_close",
                "relations": [("DISTANT", "", D(2023, 10, 1))],
            },
        ],
    },
    # --- A mountain communauté de communes chaired by a citizen-list mayor -------------
    "246309058": {
        "name": "Communauté de communes des Monts d'Aurière",
        "political_label": "liste_citoyenne",
        "political_label_text": "Liste citoyenne",
        "maturity": "beginner",
        "ess_integration": "low",
        "profile": {
            "context": (
                "Quatorze communes de moyenne montagne, 9 500 habitants, des estives et une "
                "petite station de ski qui n'ouvre plus qu'un hiver sur deux. Des artisans, "
                "une fromagerie coopérative et beaucoup de résidences secondaires."
            ),
            "ambition": (
                "Le président, élu maire sur une liste citoyenne, veut « réinventer la "
                "montagne sans la neige » ; la communauté de communes n'a encore ni plan "
                "climat ni projet de territoire à jour."
            ),
            "ecosystem": (
                "La fromagerie coopérative, l'association des commerçants de la station et "
                "un collectif de jeunes agriculteurs. Les maires des communes touristiques "
                "restent attachés au modèle du ski."
            ),
            "leadership": (
                "Un président convaincu mais minoritaire sur la question de la station ; la "
                "directrice générale des services est partie au printemps et l'intérim "
                "absorbe l'équipe."
            ),
            "ess_relations": (
                "Presque pas de relations instituées : la fromagerie dialogue avec les "
                "communes au cas par cas, les autres structures ne sont pas identifiées."
            ),
        },
        "organisations": [
            {
                "name": "Fromagerie coopérative des Estives",
                "legal_form": "cooperative",
                "ess_character": "professional",
                "sectors": "fromage, élevage",
                "origin": "wider_territory",
                "relations": [("DISTANT", "", D(2021, 1, 1))],
            },
            {
                "name": "Collectif Montagne Vivante",
                "legal_form": "association",
                "ess_character": "citizen",
                "sectors": "débat public, tourisme doux",
                "origin": "citizen_close",
                "relations": [("DISTANT", "", D(2024, 6, 1))],
            },
        ],
    },
    # --- A Lauragais communauté de communes with a green president ----------------------
    "243109063": {
        "name": "Communauté de communes Garonne-Lauragais",
        "political_label": "eelv",
        "political_label_text": "EELV",
        "maturity": "experienced",
        "ess_integration": "medium",
        "profile": {
            "context": (
                "Vingt-quatre communes et 21 000 habitants entre les coteaux du Lauragais et "
                "la Garonne, sous l'influence croissante de Toulouse. Grandes cultures "
                "céréalières, lotissements récents, canal du Midi et une gare TER très "
                "fréquentée."
            ),
            "ambition": (
                "Un projet alimentaire territorial labellisé en 2021 et une charte "
                "d'urbanisme sobre en foncier ; la présidente veut relier ces deux chantiers "
                "dans un projet de territoire unique."
            ),
            "ecosystem": (
                "Une légumerie en SCIC, un réseau d'AMAP, la coopérative céréalière et deux "
                "centres sociaux. Les promoteurs et une partie des maires des communes "
                "périurbaines voient la charte comme un frein."
            ),
            "leadership": (
                "La présidente et son vice-président à l'agriculture portent la démarche ; "
                "une cheffe de projet alimentation anime les commissions, appuyée par le "
                "DGS."
            ),
            "ess_relations": (
                "Un partenariat de confiance avec la légumerie, des conventions d'objectifs "
                "avec les centres sociaux, et des relations plus commerciales avec la "
                "coopérative céréalière."
            ),
        },
        "organisations": [
            {
                "name": "Légumerie du Lauragais (SCIC)",
                "legal_form": "scic",
                "ess_character": "cooperative",
                "sectors": "restauration collective",
                "origin": "authority_initiative",
                "relations": [
                    ("QUASI_DELEGATION", "DELEGATION", D(2020, 9, 1)),
                    ("TRUST_PARTNERSHIP", "COOPERATION", D(2023, 9, 1)),
                ],
            },
            {
                "name": "Centre social des Coteaux",
                "legal_form": "association",
                "ess_character": "associative",
                "sectors": "action sociale, jeunesse",
                "origin": "citizen_close",
                "relations": [("TRUST_PARTNERSHIP", "PARTNERSHIP", D(2022, 1, 1))],
            },
            {
                "name": "Coopérative céréalière Garonne Grains",
                "legal_form": "cooperative",
                "ess_character": "commercial",
                "sectors": "céréales, stockage",
                "origin": "wider_territory",
                "relations": [("UNEQUAL", "", D(2022, 7, 1))],
            },
        ],
    },
}


# The profile (diagnostic section 0) of the finished cohort's territory that has a
# diagnostic in the demo (diagnostics.demo_content.FINISHED_STAGES), same shape as
# TERRITORIES' "profile".
FINISHED_PROFILES: dict[str, dict[str, str]] = {
    "41185": {
        "context": (
            "Commune de 3 100 habitants sur la rive gauche du Cher, entre vignes et "
            "champs de céréales. La ligne voyageurs a fermé en 2009 ; les jeunes couples "
            "qui travaillent à Vierzon s'installent dans les lotissements, loin du bourg."
        ),
        "ambition": (
            "Le conseil veut « un bourg où l'on se croise encore » : rien d'écrit au-delà "
            "du programme municipal, mais une volonté de garder commerces et services à "
            "pied de l'école."
        ),
        "ecosystem": (
            "Le café associatif La Halte dans l'ancienne gare, la coopérative Les Paniers "
            "du Cher qui y livre, le club de football et l'amicale des anciens. Les "
            "viticulteurs restent entre eux."
        ),
        "leadership": (
            "Le maire, retraité de la SNCF, porte la démarche avec la directrice générale "
            "des services, qui cumule urbanisme, finances et ressources humaines ; trois "
            "adjoints suivent quand leur agenda le permet."
        ),
        "ess_relations": (
            "Une subvention au café votée chaque printemps, des relations cordiales mais "
            "rares avec la coopérative ; aucune convention ne dit qui entretient le "
            "bâtiment de la gare."
        ),
    },
}


# The finished cohort's territories (transitions.demo.FINISHED_TERRITORIES): their ESS maps,
# keyed by territory code, in the same shape as TERRITORIES' "organisations".
FINISHED_ORGANISATIONS: dict[str, list[dict]] = {
    "245907126": [
        {
            "name": "PTCE Sambre Réemploi",
            "legal_form": "association",
            "ess_character": "professional",
            "sectors": "réemploi, déconstruction, bâtiment",
            "origin": "authority_initiative",
            "relations": [
                ("UNEQUAL", "", D(2019, 9, 1)),
                ("TRUST_PARTNERSHIP", "COOPERATION", D(2025, 3, 1)),
            ],
        },
        {
            "name": "EBE Sambre Solidaire",
            "legal_form": "ebe",
            "ess_character": "commercial",
            "sectors": "services de proximité, tri",
            "origin": "authority_initiative",
            "relations": [("TRUST_PARTNERSHIP", "PARTNERSHIP", D(2021, 5, 1))],
        },
        {
            "name": "Régie de quartier Sambre-Nord",
            "legal_form": "association",
            "ess_character": "associative",
            "sectors": "entretien, insertion",
            "origin": "wider_territory",
            "relations": [("DISTANT", "", D(2023, 10, 1))],
        },
    ],
    "41185": [
        {
            "name": "Café associatif La Halte",
            "legal_form": "association",
            "ess_character": "citizen",
            "sectors": "lien social, culture",
            "origin": "wider_territory",
            "relations": [
                ("DISTANT", "", D(2022, 4, 1)),
                ("TRUST_PARTNERSHIP", "COOPERATION", D(2025, 6, 1)),
            ],
        },
        {
            "name": "Les Paniers du Cher",
            "legal_form": "scic",
            "ess_character": "cooperative",
            "sectors": "alimentation, circuits courts",
            "origin": "wider_territory",
            "relations": [("UNEQUAL", "", D(2024, 2, 1))],
        },
    ],
    "243805181": [
        {
            "name": "Régie des Hautes Terres",
            "legal_form": "association",
            "ess_character": "associative",
            "sectors": "insertion, bois énergie",
            "origin": "authority_initiative",
            "relations": [("TRUST_PARTNERSHIP", "PARTNERSHIP", D(2020, 1, 1))],
        },
        {
            "name": "Scierie coopérative du Vercors",
            "legal_form": "scop",
            "ess_character": "cooperative",
            "sectors": "filière bois",
            "origin": "wider_territory",
            "relations": [("DISTANT", "", D(2023, 6, 1))],
        },
    ],
}

# Pilot projects (stage 6) of the finished cohort, keyed by territory code. One existed
# before the parcours, which the method says to start from (P1-e), and was launched; one
# was positioned from its territorial forum's cooperation opportunity and launched; one,
# the candidate of a validated diagnostic, is still being positioned. Milestones are
# (title, days from today, done).
PILOT_PROJECTS: dict[str, dict] = {
    "245907126": {
        "title": "Matériauthèque des friches",
        "description": (
            "Récupérer les matériaux des friches en déconstruction pour les chantiers des "
            "bailleurs sociaux, avec l'entreprise à but d'emploi et le PTCE ; "
            "l'agglomération met à disposition un ancien entrepôt de la vallée."
        ),
        "status": "launched",
        "origin": "scratch",
        "axes": ["P1-e", "P2-a", "P4-g"],
        "partners": ["PTCE Sambre Réemploi", "EBE Sambre Solidaire"],
        "milestones": [
            ("Convention d'occupation de l'entrepôt signée", -260, True),
            ("Premier lot de portes et de radiateurs réemployé", -150, True),
            ("Bilan partagé avec les bailleurs et les habitants", 60, False),
        ],
    },
    "41185": {
        "title": "Tiers-lieu de l'ancienne gare",
        "description": (
            "Agrandir le café associatif de la gare en lieu partagé : permanence des "
            "services publics, dépôt de paniers des producteurs, atelier de réparation. "
            "Repéré au forum territorial comme opportunité de coopération."
        ),
        "status": "launched",
        "origin": "opportunity",
        "axes": ["P3-b", "P2-a"],
        "partners": ["Café associatif La Halte", "Les Paniers du Cher"],
        "milestones": [
            ("Visite d'un tiers-lieu rural de la cohorte", -240, True),
            ("Ouverture du dépôt de paniers le jeudi", -90, True),
            ("Première permanence France Services à la gare", 45, False),
        ],
    },
    "243805181": {
        "title": "Atelier partagé de réparation des poêles",
        "description": (
            "Former des salariés de la régie à l'entretien des appareils de chauffage au "
            "bois, avec un lycée professionnel, pour les ménages qui ne peuvent pas les "
            "remplacer ; le forum n'a pas pu se tenir, le projet vient du diagnostic."
        ),
        "status": "positioned",
        "origin": "diagnostic",
        "axes": ["P3-f"],
        "partners": ["Régie des Hautes Terres"],
        "milestones": [("Rencontre avec le lycée professionnel de la vallée", 30, False)],
    },
}
