"""Demo content of the parcours' own stages and of the meetings' traces (idempotent).

Entry records for the ten territories, notes from the "prise de hauteur", inspiration
visit reports, the cohort's four shared topics with their notes, two learning-community
subgroups with their meetings and notes, and, for every past meeting, who attended and
its closing report. Every text is written for this demo; none is repeated. Written
through the services, once the core demo cohort exists.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from parcours import services
from parcours.models import EntryRecord, InputNote, Topic, TopicNote, VisitReport
from territories.models import Delegation
from transitions import services as core_services
from transitions.demo import (
    DEMO_TERRITORIES,
    EMAIL_PART,
    demo_cohort,
    paris_time,
)
from transitions.models import (
    ActorCategory,
    Meeting,
    MeetingKind,
    Membership,
    OutcomeKind,
    Role,
    StageKind,
    Subgroup,
    SubgroupBasis,
    User,
)

E, A, S, X = (
    ActorCategory.ELU,
    ActorCategory.AGENT_COLLECTIVITE,
    ActorCategory.AGENT_ETAT,
    ActorCategory.ACTEUR_SOCIO_ECONOMIQUE,
)
FACILITATOR = "animation@demo.transitions.fr"
RESEARCHER = "recherche@demo.transitions.fr"


def _today_plus(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def _email(territory: int, category: str) -> str:
    """A demo person: territory number (1–10, DEMO_TERRITORIES order) and category."""
    return f"{EMAIL_PART[category]}{territory}@demo.transitions.fr"


# --- Entrée dans le parcours -------------------------------------------------------------

# Per territory (DEMO_TERRITORIES order): ambition, ecosystem, leadership, days from today
# of the commitment.
DEMO_ENTRIES = [
    (
        "Le conseil municipal a adopté en 2023 une feuille de route « village sobre et "
        "solidaire » qui relie la réhabilitation des cités minières à l'autonomie alimentaire.",
        "Une régie agricole communale, l'association des jardins des terrils et une "
        "coopérative d'habitants travaillent déjà ensemble sur l'ancien carreau de fosse.",
        "Le maire porte la démarche depuis deux mandats ; la DGS, seule cadre de la commune, "
        "y consacre une demi-journée par semaine avec l'accord du conseil.",
        -115,
    ),
    (
        "L'équipe municipale veut sortir d'une succession de projets isolés et bâtir un "
        "projet de territoire avant la révision du PLU intercommunal.",
        "Le réseau est encore mince : un comité des fêtes très actif, une épicerie "
        "associative et deux exploitants en vente directe ont accepté de s'impliquer.",
        "L'adjointe à la vie locale s'est engagée à suivre tout le parcours ; le DGS a obtenu "
        "qu'une réunion d'équipe par mois y soit consacrée.",
        -52,
    ),
    (
        "La ville veut faire de la gestion de l'eau de l'Orb un fil conducteur entre "
        "agriculture, tourisme et adaptation aux sécheresses.",
        "Le syndicat de rivière, une SCIC de maraîchage et l'office de tourisme coopèrent sur "
        "les berges depuis la crue de 2022.",
        "Le conseiller délégué à la transition écologique a reçu une lettre de mission du "
        "maire ; une chargée de mission est recrutée pour trois ans.",
        -108,
    ),
    (
        "Le mandat promet une « ville du quart d'heure » et la municipalité cherche à y "
        "associer les habitants des quartiers prioritaires, jusqu'ici peu présents.",
        "La maison des associations fédère une soixantaine de structures ; un collectif de "
        "commerçants et la régie de quartier ont demandé à être associés.",
        "L'adjointe aux solidarités et le DGA ressources co-pilotent ; le bureau municipal a "
        "validé la participation au parcours en mars.",
        -104,
    ),
    (
        "Le projet de territoire 2030 de la communauté urbaine fait de la reconversion des "
        "friches industrielles un levier d'emploi local et de sobriété.",
        "Le pôle territorial de coopération du Faubourg réunit déjà vingt structures de "
        "l'ESS, deux PME du recyclage et la CRESS.",
        "Le vice-président au développement économique et la DGA aménagement portent la "
        "candidature, votée à l'unanimité par le bureau communautaire.",
        -112,
    ),
    (
        "L'agglomération veut rapprocher sa politique économique, tournée vers les zones "
        "d'activités, de ses engagements climat encore peu traduits en actes.",
        "Le club d'entreprises local et une coopérative d'activités et d'emploi ont accepté "
        "de jouer le jeu ; les associations environnementales restent à convaincre.",
        "Le vice-président au climat est moteur ; la direction générale a désigné une chargée "
        "de mission, mais les autres vice-présidents restent en retrait.",
        -84,
    ),
    (
        "Les élus souhaitent redonner un cap commun à trente communes très différentes, "
        "autour de la forêt, de l'eau et des mobilités rurales.",
        "Une association de covoiturage, la coopérative forestière et un tiers-lieu numérique "
        "préparent ensemble un schéma des mobilités du quotidien.",
        "Le vice-président à la mobilité a rallié la conférence des maires ; le service "
        "mobilité est le référent technique du parcours.",
        -95,
    ),
    (
        "Le PETR veut passer d'un rôle de guichet des fonds européens à celui d'animateur "
        "d'une vision partagée pour les causses.",
        "Le réseau des tiers-lieux du pays, la fédération des foyers ruraux et un groupement "
        "d'éleveurs ont cosigné la lettre de candidature.",
        "Le vice-président chargé du projet de territoire et le chargé de mission LEADER y "
        "consacrent un temps identifié, validé par le comité syndical.",
        -90,
    ),
    (
        "Élue sur un programme de démocratie locale, l'équipe veut mettre les habitants au "
        "cœur des choix sur l'alimentation et le logement.",
        "Un collectif d'habitants, l'AMAP des Monts et la ressourcerie intercommunale forment "
        "un noyau habitué à organiser des chantiers participatifs.",
        "Le vice-président à la participation et le DGS ont présenté la démarche à chaque "
        "conseil municipal des communes membres avant de s'engager.",
        -99,
    ),
    (
        "La communauté de communes a inscrit l'alimentation durable dans son projet de "
        "territoire et vise des cantines approvisionnées localement d'ici 2028.",
        "Une légumerie en projet, deux associations d'insertion par le maraîchage et la "
        "chambre d'agriculture se sont déjà réunies à trois reprises.",
        "Le conseiller délégué à l'alimentation suit le dossier avec le service des fonctions "
        "supports, qui gère la commande publique des cantines.",
        -70,
    ),
]


def _named_delegation(territory: int) -> str:
    lines = []
    for category in ActorCategory.values:
        membership = (
            Membership.objects.filter(
                user__email=_email(territory, category), role=Role.PARTICIPANT
            )
            .select_related("user")
            .first()
        )
        if membership is not None:
            lines.append(f"{membership.user.full_name} — {membership.category_with_sub_role}")
    return "\n".join(lines)


def _load_entries(delegations: list[Delegation], facilitator: User) -> None:
    for number, (delegation, entry) in enumerate(
        zip(delegations, DEMO_ENTRIES, strict=True), start=1
    ):
        if EntryRecord.objects.filter(delegation=delegation).exists():
            continue
        ambition, ecosystem, leadership, days = entry
        services.entry_record_save(
            delegation=delegation,
            user=facilitator,
            fingerprint="",
            ambition_met=True,
            ambition_note=ambition,
            ecosystem_met=True,
            ecosystem_note=ecosystem,
            leadership_met=True,
            leadership_note=leadership,
            named_delegation=_named_delegation(number),
            committed_on=_today_plus(days),
        )


# --- Prise de hauteur --------------------------------------------------------------------

PLENARY = "Prise de hauteur : les principes d'une transition systémique"

DEMO_INPUT_NOTES = [
    (
        "Quatre principes pour piloter un changement systémique",
        "L'équipe de la Fabrique",
        (A, 1),
        "Le matin a posé le cadre du parcours : s'engager, coopérer, penser en système, "
        "rendre visible la valeur créée.\n\n"
        "Ce que nous retenons : l'engagement ne se décrète pas, il naît d'un désir et d'un "
        "projet concret ; la coopération suppose de prendre en charge les contraintes de "
        "l'autre ; une approche systémique relie des sujets que l'organisation des services "
        "sépare ; enfin, ce qu'une démarche produit ne se mesure pas seulement en euros.\n\n"
        "Question restée ouverte : comment tenir ces quatre principes quand l'équipe "
        "municipale change à mi-parcours ?",
    ),
    (
        "Coopérer, un art qui s'apprend",
        "Nadia Ferrand, sociologue des organisations (intervenante invitée)",
        (E, 4),
        "L'intervenante a rappelé que la coopération n'est pas un penchant naturel : elle "
        "demande de savoir vivre avec le désaccord au lieu de l'éviter.\n\n"
        "Trois idées notées : la confiance se construit par l'interconnaissance, c'est-à-dire "
        "en connaissant les contraintes réelles des autres ; un conflit mis sur la table coûte "
        "moins cher qu'un conflit étouffé ; un tiers de confiance aide quand les relations "
        "sont anciennes et chargées.\n\n"
        "Exemple discuté : une commune et une association de réinsertion qui ne se parlaient "
        "plus qu'à travers des dossiers de subvention.",
    ),
    (
        "Diplomatie de la transition : défendre ses intérêts sans fermer le dialogue",
        "Table ronde de l'après-midi",
        (X, 5),
        "Quatre témoins — une élue, un directeur de service, une sous-préfète et le "
        "responsable d'une tête de réseau de l'ESS — ont raconté une négociation difficile.\n\n"
        "Point commun : chacun a dû expliquer ce qu'il ne pouvait pas lâcher avant de "
        "chercher un terrain d'entente. La sous-préfète a insisté sur le rôle de l'État comme "
        "facilitateur plutôt que comme contrôleur.\n\n"
        "À retenir pour nos territoires : nommer les désaccords, ne pas confondre statut et "
        "vertu, et se méfier du réflexe du guichet.",
    ),
]


def _load_input_notes(cohort, plenary: Meeting | None) -> None:
    for title, speaker, (category, territory), body in DEMO_INPUT_NOTES:
        if InputNote.objects.filter(cohort=cohort, title=title).exists():
            continue
        services.input_note_create(
            cohort=cohort,
            author=User.objects.get(email=_email(territory, category)),
            title=title,
            speaker=speaker,
            meeting=plenary,
            body=body,
        )


# --- Inspiration: visits -----------------------------------------------------------------

VISIT_FARM = "Visite d'inspiration : tiers-lieu alimentaire"
VISIT_POLE = "Visite d'inspiration : régie de quartier et pôle de coopération"

# (territory, visit title, place, partnership, takeaways, author category)
DEMO_VISIT_REPORTS = [
    (
        2,
        VISIT_FARM,
        "La Ferme du Chevalement, Bruyères-les-Terrils",
        "La commune possède le foncier et les bâtiments de l'ancienne ferme ; une SCIC, dont "
        "la commune est sociétaire, gère le maraîchage et l'atelier de conserves ; "
        "l'association des jardins anime les ateliers avec les écoles.",
        "Nous n'avons pas de SCIC, mais nous avons une grange communale vide. Nous allons "
        "proposer à l'épicerie associative et aux deux producteurs d'en étudier l'usage "
        "ensemble avant l'été.",
        A,
    ),
    (
        9,
        VISIT_FARM,
        "La Ferme du Chevalement, Bruyères-les-Terrils",
        "Ce qui nous a frappés, c'est la gouvernance : habitants, salariés, producteurs et "
        "commune votent dans des collèges séparés, et la présidence de la SCIC n'est pas "
        "tenue par un élu.",
        "Notre collectif d'habitants veut s'inspirer des collèges de vote pour la future "
        "cuisine partagée. Nous retenons aussi qu'il a fallu quatre ans avant le premier "
        "bénéfice : il faudra le dire aux élus dès le départ.",
        X,
    ),
    (
        10,
        VISIT_FARM,
        "La Ferme du Chevalement, Bruyères-les-Terrils",
        "L'atelier de transformation fournit la cantine du village voisin grâce à une "
        "convention entre communes ; la commande publique a été découpée en petits lots "
        "pour que la SCIC puisse répondre.",
        "Le découpage des marchés en lots est directement transposable chez nous. Le service "
        "des fonctions supports va relire nos marchés de restauration avec cette grille.",
        A,
    ),
    (
        4,
        VISIT_POLE,
        "Pôle territorial de coopération du Faubourg, Valmont-Escaut",
        "La régie de quartier, l'atelier de réemploi des matériaux et la direction du "
        "développement économique se répartissent les chantiers de déconstruction : la "
        "communauté urbaine inscrit des clauses sociales, la régie recrute dans le quartier.",
        "Notre maison des associations pourrait jouer le rôle de lieu commun. Nous voulons "
        "surtout tester les clauses sociales sur le chantier de l'école Jean-Moulin.",
        E,
    ),
    (
        6,
        VISIT_POLE,
        "Pôle territorial de coopération du Faubourg, Valmont-Escaut",
        "Les entreprises « classiques » du recyclage siègent au pôle à côté des structures "
        "de l'ESS : elles y trouvent de la main-d'œuvre formée et des débouchés pour leurs "
        "matériaux.",
        "C'est l'argument qui manquait pour convaincre notre club d'entreprises : la "
        "coopération avec l'ESS peut servir leurs propres intérêts. Nous proposerons une "
        "visite à leur bureau.",
        A,
    ),
]


def _load_visit_reports(delegations: list[Delegation], meetings: dict[str, Meeting]) -> None:
    for territory, visit, place, partnership, takeaways, category in DEMO_VISIT_REPORTS:
        delegation = delegations[territory - 1]
        if VisitReport.objects.filter(delegation=delegation, place=place).exists():
            continue
        services.visit_report_create(
            delegation=delegation,
            author=User.objects.get(email=_email(territory, category)),
            meeting=meetings.get(visit),
            place=place,
            partnership=partnership,
            takeaways=takeaways,
        )


# --- Shared topics -----------------------------------------------------------------------

# (topic, description, note title, note body, contributors as (category, territory))
DEMO_TOPICS = [
    (
        "Alimentation",
        "De la restauration collective aux filières locales.",
        "Des cantines aux filières : ce que nos territoires ont appris",
        "Plusieurs territoires partent des cantines, parce que la collectivité y a la main. "
        "Mais la cantine seule ne fait pas une filière : sans outil de transformation ni "
        "logistique partagée, les producteurs ne suivent pas.\n\n"
        "Pistes partagées : découper les marchés en lots, mutualiser une légumerie entre "
        "communes voisines, associer les structures d'insertion qui maraîchent déjà.",
        [(A, 10), (A, 2), (X, 1)],
    ),
    (
        "Projet de territoire",
        "Une vision partagée à long terme, au-delà de la somme des plans.",
        "Un projet de territoire qui ne soit pas un document de plus",
        "Nous avons constaté que nos projets de territoire existent souvent sur le papier, "
        "rédigés par un bureau d'études et peu connus des habitants comme des agents.\n\n"
        "Ce que nous voulons essayer : partir d'un récit du territoire — son passé "
        "industriel ou agricole, ce dont il est fier — et laisser la place à des récits "
        "différents, y compris ceux des associations et des entreprises.",
        [(E, 8), (A, 5)],
    ),
    (
        "Implication citoyenne",
        "Associer les habitants à la décision et à l'action, dans la durée.",
        "Faire de la place aux habitants sans les épuiser",
        "Les habitants viennent quand le sujet les touche et qu'ils voient ce que devient "
        "leur parole. Ils partent quand on les consulte sur un projet déjà ficelé.\n\n"
        "Nous notons trois conditions : dire dès le départ ce qui est négociable, rendre "
        "compte de ce qui a été retenu ou non, et reconnaître l'engagement bénévole, par "
        "exemple en défrayant les déplacements.",
        [(X, 9), (E, 4)],
    ),
    (
        "Management coopératif",
        "Coopérer entre services, entre élus et administration, avec l'extérieur.",
        "Travailler entre services : premiers enseignements",
        "Dans nos collectivités, la coopération entre services bute sur des budgets séparés "
        "et des calendriers qui ne se parlent pas. Les agents la vivent comme une charge "
        "en plus plutôt que comme une façon de travailler.\n\n"
        "Ce qui a marché ailleurs : un binôme élu-agent par projet, un temps d'équipe "
        "régulier pour revenir sur ce qui a bloqué, et le droit de se tromper affiché par "
        "la direction générale.",
        [(A, 4), (A, 6), (A, 7)],
    ),
]


def _load_topics(cohort) -> None:
    for name, description, title, body, contributors in DEMO_TOPICS:
        topic = Topic.objects.filter(cohort=cohort, name=name).first() or services.topic_create(
            cohort=cohort, name=name, description=description
        )
        if TopicNote.objects.filter(topic=topic, title=title).exists():
            continue
        people = [User.objects.get(email=_email(t, c)) for c, t in contributors]
        note = services.topic_note_create(topic=topic, user=people[0], title=title, body=body)
        note.contributors.add(*people[1:])


# --- Subgroups, their meetings and notes -------------------------------------------------

FOOD_SUBGROUP = "Alimentation et circuits courts"
SOUTH_SUBGROUP = "Occitanie"
FOOD_WORKSHOP = "Atelier du sous-groupe alimentation : approvisionner les cantines"
SOUTH_MEETING = "Rencontre du sous-groupe Occitanie : sécheresses et usages de l'eau"
SOUTH_NEXT = "Rencontre du sous-groupe Occitanie : invités des services de l'État"

DEMO_SUBGROUPS = [
    (
        FOOD_SUBGROUP,
        SubgroupBasis.THEME,
        "Les territoires qui ont fait de l'alimentation leur porte d'entrée : cantines, "
        "légumeries, épiceries solidaires.",
        [1, 2, 9, 10],
    ),
    (
        SOUTH_SUBGROUP,
        SubgroupBasis.GEOGRAPHY,
        "Trois territoires occitans confrontés aux mêmes sécheresses, qui peuvent se "
        "rendre visite dans la journée.",
        [3, 8, 10],
    ),
]

# (subgroup, kind, title, days from today, Paris time, place, minutes)
DEMO_SUBGROUP_MEETINGS = [
    (FOOD_SUBGROUP, MeetingKind.WORKSHOP, FOOD_WORKSHOP, -6, "14:00", "En ligne", 150),
    (
        SOUTH_SUBGROUP,
        MeetingKind.WORKSHOP,
        SOUTH_MEETING,
        -4,
        "10:00",
        "Montcalme-sur-Orb, salle du conseil",
        180,
    ),
    (
        SOUTH_SUBGROUP,
        MeetingKind.WORKSHOP,
        SOUTH_NEXT,
        20,
        "09:30",
        "Pays des Causses, maison du PETR",
        180,
    ),
]

# (subgroup, meeting title or None, note title, body, author as (category, territory))
DEMO_SUBGROUP_NOTES = [
    (
        FOOD_SUBGROUP,
        FOOD_WORKSHOP,
        "Freins relevés dans la commande publique des cantines",
        "Seuils de mise en concurrence mal connus, lots trop gros pour les producteurs "
        "locaux, critères de prix qui écrasent tout le reste. Garonne-Lauragais a déjà "
        "testé un critère de fraîcheur ; Saint-Aubin ne savait pas que c'était possible.",
        (A, 10),
    ),
    (
        FOOD_SUBGROUP,
        None,
        "Idée à creuser : une plateforme logistique partagée",
        "Les producteurs des Monts d'Aurière livrent chacun leur tour, avec leur propre "
        "camionnette. Une tournée commune entre nos quatre territoires réduirait les "
        "kilomètres ; reste à savoir qui la porterait — une SCIC, une association "
        "d'insertion ?",
        (X, 9),
    ),
    (
        SOUTH_SUBGROUP,
        SOUTH_MEETING,
        "Données d'étiage : ce que nous avons compris",
        "Le syndicat de rivière observe des étiages plus précoces chaque année depuis 2017. "
        "Les prélèvements agricoles pèsent le plus en juillet, le tourisme en août. Aucun de "
        "nous ne maîtrise seul ces usages : il faudra associer la chambre d'agriculture et "
        "les services de l'État.",
        (A, 3),
    ),
]


def _load_subgroups(cohort, delegations: list[Delegation]) -> dict[str, Subgroup]:
    subgroups = {}
    for name, basis, description, territories in DEMO_SUBGROUPS:
        subgroup = Subgroup.objects.filter(cohort=cohort, name=name).first()
        if subgroup is None:
            subgroup = core_services.subgroup_create(
                cohort=cohort,
                name=name,
                basis=basis,
                description=description,
                delegations=[delegations[t - 1] for t in territories],
            )
        subgroups[name] = subgroup
    inspiration = cohort.stages.get(kind=StageKind.INSPIRATION)
    for name, kind, title, days, at, place, minutes in DEMO_SUBGROUP_MEETINGS:
        if not Meeting.objects.filter(stage=inspiration, title=title).exists():
            core_services.meeting_create(
                stage=inspiration,
                kind=kind,
                title=title,
                starts_at=paris_time(days, at),
                duration_minutes=minutes,
                place=place,
                subgroup=subgroups[name],
            )
    for name, meeting_title, title, body, (category, territory) in DEMO_SUBGROUP_NOTES:
        subgroup = subgroups[name]
        if subgroup.notes.filter(title=title).exists():
            continue
        services.subgroup_note_create(
            subgroup=subgroup,
            author=User.objects.get(email=_email(territory, category)),
            meeting=subgroup.meetings.filter(title=meeting_title).first()
            if meeting_title
            else None,
            title=title,
            body=body,
        )
    return subgroups


# --- Attendance and closing reports ------------------------------------------------------

REX_1 = "Retour d'expérience n°1 : lancer le diagnostic à plusieurs voix"
REX_2 = "Retour d'expérience n°2 : ce que les visites ont déplacé"
PEER_1 = "Groupes de pairs — séance 1"
PEER_2 = "Groupes de pairs — séance 2"

# Who attended each past meeting: {category: [territory numbers]}, plus the facilitator
# and the researcher when they came, plus outside guests (name, organisation, category,
# sub-role).
DEMO_ATTENDANCE = {
    REX_1: ({E: [1, 5], A: [1, 2, 4, 5, 7, 9], X: [3]}, True, True, []),
    PLENARY: (
        {E: [1, 2, 3, 4, 5, 6, 7, 8], A: list(range(1, 11)), S: [2, 4, 5, 7], X: [1, 3, 5, 6, 9]},
        True,
        True,
        [("Nadia Ferrand", "Université (intervenante invitée)", "", "")],
    ),
    VISIT_FARM: (
        {E: [1, 2, 9], A: [1, 2, 9, 10], S: [2], X: [1, 2, 9, 10]},
        True,
        False,
        [("Léonie Garrigue", "Ferme du Chevalement (SCIC)", X, "structure_ess")],
    ),
    REX_2: ({E: [1, 4], A: [1, 2, 4, 5, 9, 10], S: [5], X: [2, 9]}, True, True, []),
    VISIT_POLE: (
        {E: [4, 5, 6], A: [4, 5, 6, 7], S: [4, 5, 7], X: [4, 5, 7]},
        True,
        True,
        [("Yanis Berthelot", "Régie de quartier du Faubourg", X, "structure_ess")],
    ),
    # The peer groups meet apart, one room per category, at the same hour.
    PEER_1: (
        {E: [1, 2, 4, 5, 6, 9], A: [1, 2, 3, 4, 5, 7, 9, 10], S: [2, 4, 5], X: [1, 2, 5, 9, 10]},
        True,
        True,
        [],
    ),
    PEER_2: (
        {E: [1, 2, 5, 6, 9], A: [1, 2, 4, 5, 7, 9], S: [2, 4, 5, 7], X: [1, 2, 4, 9]},
        True,
        False,
        [],
    ),
    FOOD_WORKSHOP: ({E: [2, 10], A: [1, 2, 9, 10], X: [1, 9, 10]}, True, False, []),
    SOUTH_MEETING: (
        {E: [3, 8], A: [3, 8, 10], S: [3, 8], X: [3, 8]},
        True,
        False,
        [("Bastien Orliac", "Syndicat de rivière de l'Orb", "", "")],
    ),
}

# (summary, learnings, [(kind, text, owner, due in days from today)], [(label, page)])
DEMO_REPORTS = {
    REX_1: (
        "Première séance de retour d'expérience, en visio, sur le lancement des diagnostics. "
        "Chaque territoire a dit en cinq minutes comment il avait réuni ses répondants des "
        "quatre catégories et ce qui avait coincé.",
        "Les agents de l'État répondent plus volontiers quand la préfecture a été prévenue "
        "en amont ; les associations veulent savoir à quoi servira le diagnostic avant d'y "
        "consacrer une soirée.",
        [
            (
                OutcomeKind.DECISION,
                "Chacun répond au diagnostic en son nom ; pas de réponse collective par service.",
                "",
                None,
            ),
            (
                OutcomeKind.NEXT_STEP,
                "Partager un modèle de message pour inviter les acteurs socio-économiques",
                "Alex Animateur",
                -28,
            ),
        ],
        [],
    ),
    PLENARY: (
        "Une journée en plénière : le matin sur les quatre principes directeurs, l'après-midi "
        "en table ronde sur la coopération entre collectivités et acteurs de l'ESS. Trois "
        "participants ont pris des notes, déposées dans l'étape.",
        "Plusieurs élus ont découvert que leurs agents vivent la transversalité comme une "
        "charge de plus plutôt que comme une ressource ; le sujet reviendra dans les groupes "
        "de pairs.",
        [
            (
                OutcomeKind.DECISION,
                "Les notes de la journée sont relues par les intervenants avant d'être partagées.",
                "",
                None,
            ),
            (
                OutcomeKind.NEXT_STEP,
                "Proposer aux délégations deux dates de visite d'inspiration",
                "Alex Animateur",
                -20,
            ),
        ],
        [("Notes de la prise de hauteur", "parcours:stepping-back")],
    ),
    VISIT_FARM: (
        "Visite de la Ferme du Chevalement avec les délégations de Saint-Aubin-des-Genêts, "
        "des Monts d'Aurière et de Garonne-Lauragais. Matinée sur le site (serres, atelier "
        "de conserves, épicerie), déjeuner préparé par l'équipe de la SCIC, après-midi "
        "d'échange de pratiques.",
        "Le foncier mis à disposition par la commune a pesé plus lourd que les subventions "
        "dans la réussite du projet.",
        [
            (
                OutcomeKind.DECISION,
                "Les trois délégations visiteuses et Bruyères-les-Terrils forment le "
                "sous-groupe « Alimentation et circuits courts ».",
                "",
                None,
            ),
            (
                OutcomeKind.NEXT_STEP,
                "Envoyer aux délégations les statuts de la SCIC et la convention d'occupation",
                "Léonie Garrigue (Ferme du Chevalement)",
                -7,
            ),
        ],
        [("Comptes rendus de visite des délégations", "parcours:inspiration")],
    ),
    PEER_1: (
        "Première séance des quatre groupes de pairs, chacun dans sa salle virtuelle. Chaque "
        "groupe a posé ses contraintes du moment avant de dire ce qu'il attend des trois "
        "autres catégories ; les animateurs ont aidé à reformuler les attentes trop vagues.",
        "Les élus découvrent qu'ils attendent surtout des agents de la marge de manœuvre, "
        "quand les agents attendent des élus des arbitrages écrits ; l'écart sera repris à "
        "l'agora.",
        [
            (
                OutcomeKind.NEXT_STEP,
                "Relire les cartes de sa catégorie et marquer celles à partager avec l'agora",
                "Alex Animateur",
                -20,
            ),
        ],
        [],
    ),
    PEER_2: (
        "Deuxième séance, en présentiel à Orléans pour les élus et les agents, à distance pour "
        "les autres groupes. Les cartes de la première séance ont été regroupées par thème et "
        "chaque groupe a formulé ses propres engagements.",
        "Les acteurs socio-économiques s'engagent plus facilement sur des actions concrètes "
        "que sur des principes ; les agents de l'État demandent à être associés plus tôt aux "
        "projets plutôt qu'au moment de l'instruction.",
        [
            (
                OutcomeKind.DECISION,
                "Les engagements de chaque groupe restent anonymes jusqu'à l'agora.",
                "",
                None,
            ),
            (
                OutcomeKind.NEXT_STEP,
                "Préparer la synthèse des cartes partagées pour la troisième séance",
                "Alex Animateur",
                -2,
            ),
        ],
        [],
    ),
    REX_2: (
        "Deuxième retour d'expérience, consacré aux visites. Les participants ont comparé ce "
        "qu'ils pensaient trouver et ce qu'ils ont vu, puis chacun a noté une idée à tester "
        "chez lui.",
        "Voir un partenariat qui fonctionne rassure moins qu'entendre raconter ses échecs : "
        "les moments les plus utiles ont été les récits de ce qui avait raté.",
        [
            (
                OutcomeKind.DECISION,
                "Les comptes rendus de visite sont écrits par les délégations, pas par "
                "l'équipe d'animation.",
                "",
                None,
            ),
            (
                OutcomeKind.NEXT_STEP,
                "Déposer le compte rendu de chaque visite avant la séance suivante",
                "Délégations visiteuses",
                -2,
            ),
        ],
        [],
    ),
    VISIT_POLE: (
        "Visite du pôle territorial de coopération du Faubourg à Valmont-Escaut : rencontre "
        "avec la régie de quartier, l'atelier de réemploi des matériaux et la direction du "
        "développement économique de la communauté urbaine.",
        "Un pôle de coopération tient quand la collectivité accepte de ne pas en être le seul "
        "pilote : ici, la présidence tourne entre les structures membres.",
        [
            (
                OutcomeKind.NEXT_STEP,
                "Transmettre la grille de clauses sociales des marchés de déconstruction",
                "Yanis Berthelot (régie de quartier)",
                5,
            ),
            (
                OutcomeKind.NEXT_STEP,
                "Organiser un échange entre la DGA aménagement de Valmont-Escaut et les "
                "services économiques du Val de Brenne",
                "DGA aménagement, Valmont-Escaut",
                15,
            ),
        ],
        [("Comptes rendus de visite des délégations", "parcours:inspiration")],
    ),
    FOOD_WORKSHOP: (
        "Atelier en ligne sur l'approvisionnement local de la restauration collective. "
        "Chaque territoire a présenté l'état de ses cantines et les freins rencontrés dans "
        "la commande publique.",
        "Les petites communes ont intérêt à se grouper pour commander, mais aucune ne veut "
        "porter seule le groupement de commandes.",
        [
            (
                OutcomeKind.DECISION,
                "Le sous-groupe écrit ensemble une note sur l'allotissement des marchés "
                "alimentaires.",
                "",
                None,
            ),
            (
                OutcomeKind.NEXT_STEP,
                "Recenser les producteurs prêts à livrer en commun sur les quatre territoires",
                "Service fonctions supports, Garonne-Lauragais",
                21,
            ),
        ],
        [],
    ),
    SOUTH_MEETING: (
        "Demi-journée à Montcalme-sur-Orb sur les conflits d'usage de l'eau entre "
        "agriculture, tourisme et habitants. Le syndicat de rivière a présenté ses relevés "
        "d'étiage des dix dernières années.",
        "L'eau oblige chacun à sortir de ses compétences : aucune des trois collectivités ne "
        "peut agir seule sur les prélèvements.",
        [
            (
                OutcomeKind.DECISION,
                "Les trois territoires invitent leurs services de l'État à la prochaine rencontre.",
                "",
                None,
            ),
            (
                OutcomeKind.NEXT_STEP,
                "Préparer une carte commune des points de tension sur la ressource",
                "Chargé de mission du PETR du Pays des Causses",
                25,
            ),
        ],
        [],
    ),
}

PLENARY_PROGRAMME = """Prise de hauteur — programme de la journée

09:30  Accueil, tour des délégations
10:00  Les quatre principes directeurs d'une transition systémique
11:15  Pause
11:30  Coopérer, un art qui s'apprend (intervention invitée)
12:30  Déjeuner
14:00  Table ronde : diplomatie de la transition
15:15  Ce que chaque délégation emporte
15:30  Fin
"""


def _load_meeting_traces(cohort) -> None:
    from django.urls import reverse

    meetings = {m.title: m for m in Meeting.objects.filter(stage__cohort=cohort)}
    facilitator = User.objects.get(email=FACILITATOR)
    for title, (people, with_facilitator, with_researcher, guests) in DEMO_ATTENDANCE.items():
        meeting = meetings.get(title)
        if meeting is None or meeting.attendances.exists():
            continue
        emails = [_email(t, c) for c, territories in people.items() for t in territories]
        if with_facilitator:
            emails.append(FACILITATOR)
        if with_researcher:
            emails.append(RESEARCHER)
        ids = set(User.objects.filter(email__in=emails).values_list("pk", flat=True))
        core_services.attendance_set(meeting=meeting, user_ids=ids)
        for name, organisation, category, sub_role in guests:
            core_services.attendance_add_guest(
                meeting=meeting,
                name=name,
                organisation=organisation,
                category=category,
                sub_role=sub_role,
            )
    for title, (summary, learnings, outcomes, links) in DEMO_REPORTS.items():
        meeting = meetings.get(title)
        if meeting is None or hasattr(meeting, "report"):
            continue
        core_services.meeting_report_save(
            meeting=meeting,
            user=facilitator,
            fingerprint="",
            summary=summary,
            learnings=learnings,
            outcomes=[
                {
                    "kind": kind,
                    "text": text,
                    "owner": owner,
                    "due_on": _today_plus(days) if days is not None else None,
                }
                for kind, text, owner, days in outcomes
            ],
            links=[
                {"label": label, "url": reverse(page, args=[cohort.pk])} for label, page in links
            ],
        )
    plenary = meetings.get(PLENARY)
    if plenary is not None and not plenary.attachments.exists():
        core_services.meeting_attachment_add(
            meeting=plenary,
            upload=ContentFile(PLENARY_PROGRAMME.encode(), name="programme-prise-de-hauteur.txt"),
            user=facilitator,
        )


def load_demo_parcours() -> None:
    cohort = demo_cohort()
    if cohort is None:
        return
    territories = [(kind, code) for _name, kind, code, *_rest in DEMO_TERRITORIES]
    by_key = {
        (d.territory.kind, d.territory.code): d
        for d in Delegation.objects.filter(cohort=cohort).select_related("territory")
    }
    delegations = [by_key[key] for key in territories if key in by_key]
    if len(delegations) != len(DEMO_TERRITORIES):
        return
    facilitator = User.objects.get(email=FACILITATOR)
    meetings = {m.title: m for m in Meeting.objects.filter(stage__cohort=cohort)}
    _load_entries(delegations, facilitator)
    _load_input_notes(cohort, meetings.get(PLENARY))
    _load_visit_reports(delegations, meetings)
    _load_topics(cohort)
    _load_subgroups(cohort, delegations)
    _load_meeting_traces(cohort)
