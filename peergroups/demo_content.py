"""What the four demo peer groups wrote in their three sessions, as plain data (the loader
glue is peergroups/demo.py).

The grid of DOMAIN §3.7: constraints, expectations of the other categories (each names
the category it addresses), own commitments. Session 1 starts from constraints, session
2 turns to expectations, session 3 to commitments, as the research-action ran them.
No "learning" cards: learnings are the agora's output (issue 11 item 4).

A card is (kind, text, target category, flags, ref): flags among "shared" (shared with
the agora) and "key" (marked key by the facilitator); `ref` names a shared card the
agora demo cites as a source (agora/demo_content.py).
"""

from __future__ import annotations

import datetime

from transitions.models import ActorCategory

ELU = ActorCategory.ELU
AGENT = ActorCategory.AGENT_COLLECTIVITE
ETAT = ActorCategory.AGENT_ETAT
ESS = ActorCategory.ACTEUR_SOCIO_ECONOMIQUE
C, E, M = "constraint", "expectation", "commitment"
SHARED, KEY = "shared", "key"

# Sessions: (days from today, local time in Europe/Paris, place, status after the demo).
SESSIONS = {
    1: (-35, datetime.time(9, 30), "En ligne", "closed"),
    2: (-14, datetime.time(14, 0), "Orléans, salle du conseil de l'agglomération", "closed"),
    3: (0, datetime.time(9, 30), "En ligne", "open"),
}

CARDS: dict[str, dict[int, list[tuple]]] = {
    ELU: {
        1: [
            (
                C,
                "Un mandat de six ans pour des transformations qui en demandent vingt : on "
                "nous juge sur ce qui se voit avant la prochaine élection.",
                "",
                {SHARED, KEY},
                "elu-mandat",
            ),
            (
                C,
                "Dans notre propre majorité, certains voient les acteurs extérieurs comme des "
                "concurrents du conseil municipal.",
                "",
                {SHARED},
                "",
            ),
            (
                C,
                "Nous sommes rarement spécialistes : face à un dossier technique, nous "
                "dépendons des services ou d'un bureau d'études.",
                "",
                set(),
                "",
            ),
            (
                C,
                "Un projet raté se paie dans la presse locale, jamais dans un bilan de ce "
                "qu'on a appris.",
                "",
                set(),
                "",
            ),
            (
                E,
                "Que les services nous disent tôt ce qui coince, avant que le dossier arrive "
                "ficelé en commission.",
                AGENT,
                set(),
                "",
            ),
        ],
        2: [
            (
                E,
                "Que les structures de l'ESS viennent avec des propositions portées à "
                "plusieurs, plutôt qu'une demande de subvention chacune.",
                ESS,
                {SHARED, KEY},
                "",
            ),
            (
                E,
                "Que l'État nous aide à trouver les marges dans les règles, au lieu de nous "
                "les rappeler en fin d'instruction.",
                ETAT,
                {SHARED},
                "",
            ),
            (
                E,
                "Que la direction générale nous prépare des choix réels, avec leurs risques, "
                "et pas une seule option déjà arbitrée.",
                AGENT,
                set(),
                "",
            ),
            (
                E,
                "Qu'on nous parle aussi de ce que l'ESS apporte en emplois et en activité, "
                "pas seulement en lien social.",
                ESS,
                set(),
                "",
            ),
            (
                C,
                "Entre élus d'une même collectivité, nous n'avons pas la même idée de la "
                "transition, et cela se voit dans les arbitrages budgétaires.",
                "",
                set(),
                "",
            ),
        ],
        3: [
            (
                M,
                "Réunir au moins deux fois par an les vice-présidents concernés par un même "
                "projet, devant les services.",
                "",
                {SHARED, KEY},
                "",
            ),
            (
                M,
                "Dire en conseil, avant qu'il commence, qu'un projet expérimental peut échouer.",
                "",
                {SHARED},
                "elu-droit-erreur",
            ),
            (
                M,
                "Rencontrer les structures de l'ESS du territoire hors de toute demande de "
                "financement, une fois par trimestre.",
                "",
                set(),
                "",
            ),
            (
                M,
                "Citer nommément, à chaque inauguration, les agents et les bénévoles qui ont "
                "porté le projet.",
                "",
                set(),
                "",
            ),
        ],
    },
    AGENT: {
        1: [
            (
                C,
                "Chaque nouveau projet s'ajoute à nos missions sans qu'aucune ne s'arrête.",
                "",
                {SHARED, KEY},
                "agent-charge",
            ),
            (
                C,
                "La hiérarchie et le devoir de réserve : nous savons ce qui ne marche pas, "
                "mais nous ne pouvons pas toujours le dire aux élus.",
                "",
                {SHARED},
                "agent-reserve",
            ),
            (
                C,
                "Des budgets annuels par service rendent tout projet transversal orphelin au "
                "moment des arbitrages.",
                "",
                set(),
                "",
            ),
            (
                C,
                "Les chargés de mission sont financés pour trois ans : la démarche repose sur "
                "des contrats qui s'arrêtent.",
                "",
                set(),
                "",
            ),
            (
                E,
                "Des élus qui fixent un cap clair et nous laissent chercher le chemin.",
                ELU,
                set(),
                "",
            ),
        ],
        2: [
            (
                E,
                "Que les élus arbitrent entre leurs délégations, au lieu de nous demander de "
                "concilier des commandes contradictoires.",
                ELU,
                {SHARED, KEY},
                "",
            ),
            (
                E,
                "Que les structures de l'ESS comprennent nos délais : une délibération, un "
                "marché, un budget ne se montent pas en trois semaines.",
                ESS,
                {SHARED},
                "",
            ),
            (
                E,
                "Que les services de l'État harmonisent leurs appels à projets : nous "
                "répondons quatre fois au même besoin avec quatre dossiers.",
                ETAT,
                set(),
                "",
            ),
            (
                E,
                "Que les structures nous disent franchement quand une convention ne leur "
                "convient pas, au lieu de la signer puis de s'en plaindre.",
                ESS,
                set(),
                "",
            ),
            (
                C,
                "Les finances, le juridique et les achats sont appelés à la fin, quand il ne "
                "leur reste qu'à dire non.",
                "",
                set(),
                "",
            ),
        ],
        3: [
            (
                M,
                "Associer le juridique et les achats dès la première réunion d'un projet "
                "transversal.",
                "",
                {SHARED, KEY},
                "agent-supports",
            ),
            (
                M,
                "Ouvrir notre club de chargés de mission aux structures de l'ESS une séance "
                "sur deux.",
                "",
                {SHARED},
                "",
            ),
            (
                M,
                "Tenir un bilan de fin de saison avec tous ceux qui ont travaillé sur un "
                "projet, y compris quand il a échoué.",
                "",
                set(),
                "",
            ),
            (
                M,
                "Dire à notre direction quand la charge dépasse ce qui est tenable, plutôt que "
                "de compenser sur nos soirées.",
                "",
                set(),
                "",
            ),
        ],
    },
    ETAT: {
        1: [
            (
                C,
                "Nous appliquons des règles nationales que nous n'avons pas écrites, et l'on "
                "nous en tient pour responsables.",
                "",
                {SHARED, KEY},
                "",
            ),
            (
                C,
                "Dans les directions départementales, un agent suit parfois quarante communes.",
                "",
                set(),
                "",
            ),
            (
                C,
                "Le calendrier budgétaire de l'État exige des dossiers bouclés en quelques "
                "semaines, ce qui rend la co-construction impossible.",
                "",
                {SHARED},
                "etat-calendrier",
            ),
            (
                C,
                "On nous voit en contrôleurs ; notre mission comprend aussi le conseil et "
                "l'accompagnement.",
                "",
                set(),
                "",
            ),
            (
                E,
                "Être associés avant le dépôt des dossiers, quand il est encore temps d'ajuster.",
                AGENT,
                set(),
                "",
            ),
        ],
        2: [
            (
                E,
                "Que les élus nous associent à l'élaboration des projets, pas seulement à "
                "leur financement.",
                ELU,
                {SHARED, KEY},
                "etat-en-amont",
            ),
            (
                E,
                "Que les services des collectivités nous disent les difficultés d'instruction "
                "qu'ils anticipent, plutôt que de les contourner.",
                AGENT,
                set(),
                "",
            ),
            (
                E,
                "Que les structures de l'ESS présentent leurs résultats autrement que par le "
                "nombre de bénéficiaires.",
                ESS,
                {SHARED},
                "",
            ),
            (
                E,
                "Que les élus cessent de désigner l'État en réunion publique quand une règle "
                "les arrange.",
                ELU,
                set(),
                "",
            ),
            (
                C,
                "Contrats, labels et programmes se succèdent plus vite que les territoires ne "
                "peuvent les absorber.",
                "",
                set(),
                "",
            ),
        ],
        3: [
            (
                M,
                "Désigner dans chaque département un référent de la cohorte, qui connaisse "
                "les projets avant les dossiers.",
                "",
                {SHARED, KEY},
                "",
            ),
            (
                M,
                "Écrire dès le premier rendez-vous les marges de manœuvre que laissent les règles.",
                "",
                {SHARED},
                "etat-marges",
            ),
            (
                M,
                "Participer aux bilans de saison des territoires sans position de contrôle.",
                "",
                set(),
                "",
            ),
            (
                M,
                "Faire remonter au niveau régional les règles qui bloquent les "
                "expérimentations repérées dans la cohorte.",
                "",
                set(),
                "",
            ),
        ],
    },
    ESS: {
        1: [
            (
                C,
                "Les appels à projets annuels nous mettent en concurrence avec ceux avec qui "
                "nous devrions coopérer.",
                "",
                {SHARED, KEY},
                "ess-appels",
            ),
            (
                C,
                "Dire nos difficultés à la collectivité, c'est risquer le financement : il "
                "n'existe pas d'espace où la franchise ne coûte rien.",
                "",
                {SHARED},
                "ess-franchise",
            ),
            (
                C,
                "La présidence bénévole et la direction salariée n'ont ni la même "
                "disponibilité ni le même mandat pour s'engager.",
                "",
                set(),
                "",
            ),
            (
                C,
                "Les subventions payées tard mettent nos trésoreries en tension chaque printemps.",
                "",
                set(),
                "",
            ),
            (
                E,
                "Un interlocuteur identifié dans les services, qui reste le même d'une année "
                "sur l'autre.",
                AGENT,
                set(),
                "",
            ),
        ],
        2: [
            (
                E,
                "Que les élus reconnaissent que l'intérêt général ne se réduit pas à l'action "
                "publique.",
                ELU,
                {SHARED, KEY},
                "",
            ),
            (
                E,
                "Que les agents viennent voir nos activités sur place, pas seulement nos bilans.",
                AGENT,
                {SHARED},
                "",
            ),
            (
                E,
                "Que l'État finance le fonctionnement dans la durée, pas seulement un projet "
                "nouveau chaque année.",
                ETAT,
                set(),
                "",
            ),
            (
                E,
                "Un droit à l'erreur pour nos expérimentations, dit clairement avant qu'elles "
                "commencent.",
                ELU,
                set(),
                "",
            ),
            (
                C,
                "Entre structures de l'ESS aussi on se connaît mal : le statut ne fait pas "
                "la vertu, et nous ne coopérons pas toujours entre nous.",
                "",
                {SHARED},
                "ess-statut",
            ),
        ],
        3: [
            (
                M,
                "Répondre à plusieurs aux sollicitations de la collectivité, avec une "
                "proposition commune plutôt que des demandes séparées.",
                "",
                {SHARED, KEY},
                "",
            ),
            (
                M,
                "Dire nos contraintes franchement, y compris financières, dans les instances "
                "où nous siégeons.",
                "",
                {SHARED},
                "ess-contraintes",
            ),
            (
                M,
                "Inviter élus et agents à nos assemblées générales et à nos chantiers, pas "
                "seulement à nos inaugurations.",
                "",
                set(),
                "",
            ),
            (
                M,
                "Ouvrir nos réunions inter-structures aux entreprises du territoire qui "
                "partagent nos objectifs.",
                "",
                set(),
                "",
            ),
        ],
    },
}


def card_text(ref: str) -> str:
    """The text of the card named `ref` (the agora demo cites cards by name)."""
    for sessions in CARDS.values():
        for cards in sessions.values():
            for _kind, text, _target, _flags, card_ref in cards:
                if card_ref == ref:
                    return text
    raise KeyError(ref)
