"""Versions 1 and 2 of the diagnostic questionnaire, stored as data by migrations.

Prompts are our own wording (DOMAIN.md §5.1 gives their meaning). A new version is a new
Questionnaire row with its own questions: diagnostics begun on version 1 keep version 1.
Tuples are (code, prompt_fr, prompt_en); axis questions use the axis code (P1-a…P4-i).
"""

PROFILE = [
    (
        "profile.context",
        "Présentez le territoire en quelques lignes : ses habitants, son économie, ce qui "
        "fait son identité et les transitions déjà engagées.",
        "Describe the territory in a few lines: its people, its economy, what makes its "
        "identity and the transitions already under way.",
    ),
    (
        "profile.ambition",
        "Quelle est l'ambition de la collectivité en matière de transition, et comment "
        "est-elle formulée (projet de territoire, délibération, mandat) ?",
        "What is the authority's ambition for the transition, and how is it stated "
        "(territorial project, council decision, mandate)?",
    ),
    (
        "profile.ecosystem",
        "Quels acteurs du territoire sont déjà engagés dans la démarche, et lesquels "
        "faudrait-il associer ?",
        "Which local actors are already engaged, and which ones should be brought in?",
    ),
    (
        "profile.leadership",
        "Comment les élu·es et la direction générale portent-ils la démarche au quotidien ?",
        "How do elected officials and senior management carry the approach day to day?",
    ),
    (
        "profile.ess_relations",
        "Comment décririez-vous aujourd'hui les relations entre la collectivité et les "
        "principaux acteurs de l'ESS (voir la cartographie des acteurs) ?",
        "How would you describe the current relationships between the authority and the "
        "main ESS actors (see the actor map)?",
    ),
]

AXES = [
    # P1 — engagement
    (
        "P1-a",
        "Au-delà des arguments rationnels, quel désir pousse les gens à s'engager ici ?",
        "What desire, beyond rational argument, makes people here get involved?",
    ),
    (
        "P1-b",
        "Quelles représentations (de la transition, de l'ESS, des élu·es, de l'État) "
        "aident ou freinent, et sont-elles travaillées ?",
        "Which representations (of the transition, of the ESS, of elected officials, of "
        "the State) help or block, and are they being worked on?",
    ),
    (
        "P1-c",
        "Quels moyens culturels, artistiques ou de communication agissent sur les imaginaires ?",
        "Which cultural, artistic or communication means act on imaginaries?",
    ),
    (
        "P1-d",
        "Quel patrimoine, quelle histoire du territoire sont mobilisés, ou pourraient l'être ?",
        "Which heritage or history is, or could be, mobilised?",
    ),
    (
        "P1-e",
        "Existe-t-il un projet concret autour duquel des acteurs sont déjà engagés ?",
        "Is there a concrete project with actors already committed to it?",
    ),
    (
        "P1-f",
        "Quelles occasions de s'engager existent pour chaque public, et comment "
        "l'engagement est-il entretenu dans la durée ?",
        "Which kinds of engagement opportunities exist for each public, and how is "
        "engagement sustained?",
    ),
    (
        "P1-g",
        "Comment celles et ceux qui s'engagent sont-ils reconnus, et veille-t-on à leur "
        "épuisement ?",
        "How are those who engage recognised, and is exhaustion watched for?",
    ),
    # P2 — cooperation
    (
        "P2-a",
        "Où les acteurs sont-ils en rivalité (appels à projets, subventions), et où "
        "construisent-ils une œuvre commune ?",
        "Where are actors in rivalry (calls for projects, subsidies), and where do they "
        "build a common work?",
    ),
    (
        "P2-b",
        "Que deviennent les désaccords : évités, tranchés d'autorité, ou mis au travail ?",
        "What happens to disagreements: avoided, imposed, or worked on?",
    ),
    (
        "P2-c",
        "Y a-t-il des moments organisés pour s'accorder sur ce qui compte vraiment ?",
        "Are there organised moments to agree on what really counts?",
    ),
    (
        "P2-d",
        "Comment qualifieriez-vous, séparément, la coopération horizontale (entre "
        "services), verticale (entre niveaux) et transversale (avec les acteurs externes) ?",
        "Rate horizontal, vertical and transversal cooperation separately.",
    ),
    (
        "P2-e",
        "Les catégories d'acteurs connaissent-elles les contraintes et les façons de "
        "décider des autres ? (La collectivité connaît-elle la diversité de l'ESS ? L'ESS "
        "connaît-elle la complexité interne de la collectivité ?)",
        "How well do the categories know each other's constraints and ways of deciding? "
        "(Does the authority know the diversity of the ESS? Does the ESS know the "
        "authority's internal complexity?)",
    ),
    (
        "P2-f",
        "Les sujets complexes sont-ils traités comme tels, ou découpés en silos ?",
        "Are complex issues handled as such or split into silos?",
    ),
    (
        "P2-g",
        "Quels espaces entre pairs ou de réflexivité existent (retours d'expérience, "
        "clubs, codéveloppement), à quelle fréquence et avec qui ?",
        "Which peer or reflexive spaces exist (REX, clubs, co-development), with what "
        "frequency and membership?",
    ),
    (
        "P2-h",
        "Qui porte la démarche, et la responsabilité est-elle partagée, y compris avec "
        "les acteurs de l'ESS ?",
        "Who leads, and is responsibility shared, including co-responsibility with the ESS?",
    ),
    (
        "P2-i",
        "A-t-on le droit d'expérimenter et de se tromper ? Donnez un exemple.",
        "Is experimentation allowed and error accepted? Give an example.",
    ),
    # P3 — systemic
    (
        "P3-a",
        "Les habitant·es et les acteurs sont-ils informés, consultés, associés, ou "
        "coopèrent-ils vraiment ?",
        "Are citizens and actors informed, consulted, participating, or cooperating?",
    ),
    (
        "P3-b",
        "Les projets partent-ils des sujets et des usages des gens eux-mêmes ?",
        "Do projects start from people's own subjects and uses?",
    ),
    (
        "P3-c",
        "Les récits contradictoires ont-ils leur place ?",
        "Is there room for contradictory narratives?",
    ),
    (
        "P3-d",
        "Le pilotage est-il partagé, et dit-on clairement quelles décisions le sont et "
        "lesquelles ne le sont pas ?",
        "Is steering shared, and is it explicit which decisions are shared and which are not?",
    ),
    (
        "P3-e",
        "Les fonctions supports (RH, finances, juridique, commande publique) sont-elles "
        "associées dès le départ ?",
        "Are HR, finance, legal and procurement involved from the start?",
    ),
    (
        "P3-f",
        "Les effets imprévus et les externalités sont-ils repérés et discutés ?",
        "Are unforeseen effects and externalities spotted and discussed?",
    ),
    (
        "P3-g",
        "Observe-t-on les effets à l'échelle du quartier, de la commune, de "
        "l'intercommunalité et de la région ?",
        "Are effects observed at neighbourhood, commune, intercommunal and regional scales?",
    ),
    (
        "P3-h",
        "Fait-on appel à des regards extérieurs, experts ou tiers facilitateurs ?",
        "Are outside experts or third parties used?",
    ),
    # P4 — value
    (
        "P4-a",
        "Existe-t-il des moments réguliers pour prendre du recul ?",
        "Are there regular moments to step back?",
    ),
    (
        "P4-b",
        "L'évaluation est-elle continue, pensée comme un processus ?",
        "Is evaluation continuous?",
    ),
    (
        "P4-c",
        "L'évaluation sert-elle à soutenir ou à contrôler ?",
        "Does it support or control?",
    ),
    (
        "P4-d",
        "Les acteurs ont-ils défini ce qui compte, y compris ce qui ne se mesure pas ?",
        "Have actors defined what counts, including what cannot be measured?",
    ),
    (
        "P4-e",
        "Qui délibère sur ce qui compte vraiment ?",
        "Who deliberates on it?",
    ),
    (
        "P4-f",
        "Quels registres utilise-t-on en plus des indicateurs budgétaires (faisceaux "
        "d'indices, événements, récits, coût de l'inaction) ?",
        "Which registers are used besides budget indicators (clues, events, narratives, "
        "cost of inaction)?",
    ),
    (
        "P4-g",
        "La valeur créée pour la société (effets utiles, écologie, emplois locaux) "
        "est-elle prise en compte ?",
        "Is value to society (useful effects, ecology, local jobs) considered?",
    ),
    (
        "P4-h",
        "Évalue-t-on la qualité de la coopération et de l'engagement ?",
        "Is the quality of cooperation and engagement evaluated?",
    ),
    (
        "P4-i",
        "À quand remonte la dernière célébration collective, et a-t-elle nourri le récit partagé ?",
        "When was the last collective celebration, and did it feed the shared story?",
    ),
]

SYNTHESIS = [
    (
        "synthesis.strengths",
        "Quels sont les points forts du territoire, ceux sur lesquels s'appuyer ?",
        "What are the territory's strengths, the ones to build on?",
    ),
    (
        "synthesis.priority_axes",
        "Quels axes de travail vous paraissent prioritaires, et pourquoi ?",
        "Which work axes seem to you a priority, and why?",
    ),
    (
        "synthesis.pilot_project",
        "Quel projet pilote pourrait mettre le mouvement en route ?",
        "Which pilot project could set things in motion?",
    ),
]


def load_version_1(Questionnaire, Question, Axis) -> None:
    """Create version 1 (idempotent: a second run changes nothing)."""
    from django.utils import timezone

    questionnaire, created = Questionnaire.objects.get_or_create(
        version=1,
        defaults={
            "title_fr": "Diagnostic systémique sensible",
            "title_en": "Systemic (sensitive) diagnostic",
            "published_at": timezone.now(),
        },
    )
    if not created:
        return
    axes = {a.code: a for a in Axis.objects.all()}
    order = 0
    for section, rows in (("profile", PROFILE), ("axis", AXES), ("synthesis", SYNTHESIS)):
        for code, prompt_fr, prompt_en in rows:
            order += 1
            Question.objects.create(
                questionnaire=questionnaire,
                section=section,
                code=code,
                axis=axes[code] if section == "axis" else None,
                order=order,
                prompt_fr=prompt_fr,
                prompt_en=prompt_en,
            )


# Version 2: axis P2-d is rated on each of the three dimensions of cooperation (DOMAIN
# §3.6, §5.1 "Rate horizontal, vertical and transversal cooperation separately"): three
# items instead of one, each with its level, observation and evidence. Everything else is
# version 1's wording. (code, dimension, prompt_fr, prompt_en)
P2D_DIMENSIONS = [
    (
        "P2-d.horizontal",
        "horizontal",
        "Coopération horizontale : en interne, les services et les élu·es travaillent-ils "
        "ensemble sur les sujets qui les traversent, ou chacun dans son périmètre ?",
        "Horizontal cooperation: internally, do services and elected officials work "
        "together on the subjects that cut across them, or each within their own remit?",
    ),
    (
        "P2-d.vertical",
        "vertical",
        "Coopération verticale : entre élu·es et administration, le long de la hiérarchie "
        "et entre échelons de collectivités, les décisions se construisent-elles ensemble ?",
        "Vertical cooperation: between elected officials and administration, along the "
        "hierarchy and between levels of government, are decisions built together?",
    ),
    (
        "P2-d.transversal",
        "transversal",
        "Coopération transversale : avec les acteurs extérieurs (ESS, entreprises, "
        "habitant·es, services de l'État), travaille-t-on en partenaires ou en donneur "
        "d'ordre ?",
        "Transversal cooperation: with outside actors (ESS, businesses, residents, State "
        "services), do people work as partners or as client and contractor?",
    ),
]
VERSION_2_NOTES = (
    "L'axe P2-d est noté séparément sur les trois dimensions de la coopération : "
    "horizontale, verticale et transversale."
)


def load_version_2(Questionnaire, Question, Axis) -> None:
    """Create version 2 (idempotent): version 1 with P2-d split into its three
    dimensions. Diagnostics begun on version 1 keep version 1."""
    from django.utils import timezone

    questionnaire, created = Questionnaire.objects.get_or_create(
        version=2,
        defaults={
            "title_fr": "Diagnostic systémique sensible",
            "title_en": "Systemic (sensitive) diagnostic",
            "published_at": timezone.now(),
            "notes": VERSION_2_NOTES,
        },
    )
    if not created:
        return
    axes = {a.code: a for a in Axis.objects.all()}
    order = 0
    for section, rows in (("profile", PROFILE), ("axis", AXES), ("synthesis", SYNTHESIS)):
        for code, prompt_fr, prompt_en in rows:
            items = [(code, "", prompt_fr, prompt_en)]
            if code == "P2-d":
                items = P2D_DIMENSIONS
            for item_code, dimension, item_fr, item_en in items:
                order += 1
                Question.objects.create(
                    questionnaire=questionnaire,
                    section=section,
                    code=item_code,
                    axis=axes[code] if section == "axis" else None,
                    cooperation_dimension=dimension,
                    order=order,
                    prompt_fr=item_fr,
                    prompt_en=item_en,
                )
