"""`python manage.py seed_scale [--cohorts 100]`: ten years of the Fabrique in one database.

Per cohort: 10 territories, each with a delegation of 40 members (2 territory agents, 38
participants spread over the four actor categories), a facilitator and a researcher; the
diagnostic, peer-groups, agora and forums stages opened through the service (their
stage-opened hooks create the peer groups with their three sessions and the agora); one
diagnostic per delegation on the current questionnaire, every member answering seven axis
items with a level and an observation (so each item is answered by eight members), plus
the shared profile and synthesis texts; 200 contributions on each of the 12 peer sessions;
20 agora statements with a position per category; a forum per delegation with a held
World Café (24 participants, 4 tables, 3 rounds, 12 cards per table and round); and field
observations, so that the text segments of the research corpus reach about 1,000,000 at
100 cohorts. The first cohort is the "researched" one: it holds a quarter of the field
observations (its corpus runs to hundreds of pages) and every segment of it has its stored
detection, as the background detection leaves them, so corpus pages substitute only.

Structural rows go through `bulk_create`; the big text tables (answers, contributions,
cards, observations, detections) are written by `INSERT … SELECT generate_series` from a
temporary table of fifty French texts, in one transaction per cohort. The audit triggers
stay on: the history tables fill as they would in production.

The command refuses a database that already holds cohorts (it builds a dataset, it does
not merge into one). Nobody can sign in to the accounts it creates (unusable passwords);
the benchmark signs its personas in through session rows.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from agora.models import (
    Agora,
    CafeRound,
    CafeTable,
    Card,
    Forum,
    ForumPurpose,
    ForumStatus,
    Participant,
    ParticipantCategory,
    Position,
    RoundStatus,
    Seat,
    Stance,
    Statement,
    StatementKind,
)
from diagnostics.models import Answer, Diagnostic, DiagnosticStatus, Questionnaire
from peergroups.models import Contribution, PeerGroup, PeerSession, SessionStatus
from research.models import Detection, Observation
from research.pseudonyms import Dictionary, detect
from territories.models import Delegation, EssIntegration, Geography, Maturity, Region, Territory
from transitions.models import ActorCategory, Cohort, Membership, Role, StageKind, User
from transitions.services import cohort_create, stage_set_status


@dataclass(frozen=True)
class Sizes:
    """How much each cohort holds (the issue's figures by default; the query-budget tests
    build two smaller sizes to check that no page's query count grows with the data)."""

    territories: int = 10
    members: int = 40  # per delegation, the first `agents` of them territory agents
    agents: int = 2
    contributions: int = 200  # per peer session
    statements: int = 20
    forum_participants: int = 24
    cards: int = 12  # per table and round
    # Field observations for 100 cohorts (scaled to the cohort count): the rest of the
    # 1,000,000 segments (the other sources give ≈ 6,800 per cohort), a quarter of them
    # in the researched cohort.
    observations_per_100: int = 320_000


ANSWERS_PER_MEMBER = 7
CAFE_TABLES = 4
CAFE_ROUNDS = 3
OPENED_STAGES = (StageKind.DIAGNOSTIC, StageKind.PEER_GROUPS, StageKind.AGORA, StageKind.FORUMS)
CATEGORIES = list(ActorCategory.values)

FIRST_NAMES = [
    "Camille", "Dominique", "Claude", "Sacha", "Alix", "Morgan", "Lou", "Noa", "Maël", "Eden",
    "Jules", "Louise", "Hugo", "Chloé", "Nathan", "Inès", "Lucas", "Manon", "Théo", "Léa",
]  # fmt: skip
LAST_NAMES = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert",
]  # fmt: skip
TOWN_PARTS = ["Saint-", "Villers-", "Mont-", "Beau", "Roche", "Val-", "Bois-", "Font"]
TOWN_ENDS = ["sur-Lys", "la-Forêt", "en-Gohelle", "lès-Arras", "mont", "ville", "court"]

_BASE = [
    "Lors de la séance, l'élue a rappelé que la ressourcerie manque de bénévoles ; les agents "
    "de l'État proposent d'en parler à la préfecture avant l'été. Le groupe note que la "
    "confiance se construit lentement, rencontre après rencontre ({i}).",
    "Les élus parlent de la transition comme d'un dossier parmi d'autres. Pour joindre le "
    "collectif, écrire à contact{i}@collectif-exemple.fr ou appeler le 06 12 34 5{d} 78 ; "
    "il faut associer les habitants dès la conception du projet pilote.",
    "Dans le groupe des acteurs socio-économiques, on souligne le manque de temps : les "
    "appels à projets dictent le rythme et empêchent de prendre du recul. Mme Durand{i} "
    "propose un temps d'échange trimestriel avec la communauté de communes.",
    "La cantine passe au bio local grâce à la coopérative ; reste à convaincre le conseil "
    "départemental de suivre ({i}). Les services techniques demandent une feuille de route.",
    "Le tiers-lieu accueille désormais les permanences de la mission locale et le repair "
    "café ; les associations voudraient une convention pluriannuelle (point {i}).",
]
TEXTS = [_BASE[i % len(_BASE)].format(i=i, d=i % 10) for i in range(50)]


class Command(BaseCommand):
    help = "Build the scale dataset (100 cohorts by default) in an empty database."

    def add_arguments(self, parser):
        parser.add_argument("--cohorts", type=int, default=100)

    def handle(self, *args, cohorts: int, verbosity: int = 1, **options):
        if cohorts < 1:
            raise CommandError("--cohorts doit valoir au moins 1.")
        if Cohort.objects.exists():
            raise CommandError(
                "La base contient déjà des cohortes : seed_scale construit son jeu de données "
                "dans une base vide (migrée, sans cohorte). Utilisez une base dédiée."
            )
        questionnaire = Questionnaire.objects.order_by("-version").first()
        if questionnaire is None:
            raise CommandError("Aucun questionnaire publié : lancez d'abord `migrate`.")
        started = time.monotonic()
        seeder = Seeder(questionnaire, cohorts)
        for index in range(1, cohorts + 1):
            with transaction.atomic():
                seeder.cohort(index)
            if verbosity and (index % 10 == 0 or index == cohorts):
                self.stdout.write(
                    f"{index}/{cohorts} cohortes ({time.monotonic() - started:.0f} s)"
                )
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
        counts = segment_counts()
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Jeu de données construit en {time.monotonic() - started:.0f} s : "
                    + ", ".join(f"{k} {v}" for k, v in counts.items())
                )
            )


def segment_counts() -> dict[str, int]:
    """Rows of every text source of the research corpus, and their total."""
    counts = {
        "answers": Answer.objects.count(),
        "contributions": Contribution.objects.count(),
        "statements": Statement.objects.count(),
        "positions": Position.objects.count(),
        "cards": Card.objects.count(),
        "forums": Forum.objects.count(),
        "observations": Observation.objects.count(),
    }
    counts["segments"] = sum(counts.values())
    return counts


class Seeder:
    """Builds cohorts one at a time (`cohort(index)`); the `researched` one holds a quarter
    of the field observations and its segments' stored detections."""

    def __init__(self, questionnaire, cohorts: int, sizes: Sizes = Sizes(), researched: int = 1):
        self.sizes = sizes
        self.researched = researched
        self.questionnaire = questionnaire
        self.cohorts = cohorts
        self.password = make_password(None)  # unusable: nobody signs in as these people
        self.axis_questions = list(
            questionnaire.questions.filter(section="axis")
            .order_by("order")
            .values_list("id", flat=True)
        )
        self.shared_questions = list(
            questionnaire.questions.exclude(section="axis").values_list("id", flat=True)
        )
        per_100 = sizes.observations_per_100 * cohorts // 100
        self.researched_observations = per_100 // 4
        self.other_observations = (per_100 - self.researched_observations) // max(cohorts - 1, 1)
        self.observation_meta = Observation._meta

    # --- one cohort -----------------------------------------------------------------------

    def cohort(self, index: int) -> None:
        year = 2016 + (index - 1) * 10 // max(self.cohorts, 1)
        cohort = cohort_create(name=f"Cohorte {index:03d} ({year})", year=year, created_by=None)
        territories = Territory.objects.bulk_create(
            self._territory(index, t) for t in range(self.sizes.territories)
        )
        delegations = Delegation.objects.bulk_create(
            Delegation(cohort=cohort, territory=t) for t in territories
        )
        people = self._people(index, cohort, delegations)
        for kind in OPENED_STAGES:
            stage_set_status(stage=cohort.stages.get(kind=kind), status="open")
        with connection.cursor() as cur:
            cur.execute(
                "CREATE TEMP TABLE seed_text (idx int PRIMARY KEY, body text) ON COMMIT DROP"
            )
            cur.executemany("INSERT INTO seed_text VALUES (%s, %s)", list(enumerate(TEXTS)))
            self._diagnostics(cur, cohort, delegations)
            self._peer_groups(cur, cohort)
            self._agora(cohort, delegations)
            self._forums(cur, cohort, delegations, people)
            self._observations(cur, cohort, index, people)
            if index == self.researched:
                self._detections(cur, cohort)
            cur.execute("DROP TABLE seed_text")

    def _territory(self, index: int, t: int) -> Territory:
        n = index * self.sizes.territories + t
        return Territory(
            name=f"{TOWN_PARTS[n % len(TOWN_PARTS)]}{LAST_NAMES[n % len(LAST_NAMES)]}-"
            f"{TOWN_ENDS[n % len(TOWN_ENDS)]} {n}",
            kind="commune",
            code=f"SC{index:04d}{t:02d}",
            population=800 + (n * 7919) % 90_000,
            region=Region.values[n % len(Region.values)],
            geography=Geography.values[n % len(Geography.values)],
            maturity=Maturity.values[n % len(Maturity.values)],
            ess_integration=EssIntegration.values[n % len(EssIntegration.values)],
            departement=f"{1 + n % 95:02d}",
        )

    def _people(self, index: int, cohort, delegations) -> dict:
        from allauth.account.models import EmailAddress
        from allauth.mfa.models import Authenticator
        from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
        from allauth.mfa.totp.internal.auth import generate_totp_secret
        from allauth.mfa.utils import encrypt

        seats = [
            ("facilitator", Role.FACILITATOR, "", None),
            ("researcher", Role.RESEARCHER, "", None),
        ]
        for d, delegation in enumerate(delegations):
            for m in range(self.sizes.members):
                if m < self.sizes.agents:
                    seats.append((f"d{d}m{m}", Role.AGENT, "AGENT_COLLECTIVITE", delegation))
                else:
                    category = CATEGORIES[m % len(CATEGORIES)]
                    seats.append((f"d{d}m{m}", Role.PARTICIPANT, category, delegation))
        users = User.objects.bulk_create(
            User(
                email=f"c{index:03d}.{key}@echelle.example",
                full_name=f"{FIRST_NAMES[(index + n) % len(FIRST_NAMES)]} "
                f"{LAST_NAMES[(index * 3 + n) % len(LAST_NAMES)]}",
                password=self.password,
            )
            for n, (key, *_rest) in enumerate(seats)
        )
        EmailAddress.objects.bulk_create(
            EmailAddress(user=u, email=u.email, primary=True, verified=True) for u in users
        )
        Membership.objects.bulk_create(
            Membership(
                user=user,
                cohort=cohort,
                role=role,
                category=category,
                delegation=delegation,
                research_consent=True,
            )
            for user, (_key, role, category, delegation) in zip(users, seats, strict=True)
        )
        # Facilitators and researchers must have a second factor (MFARequiredMiddleware).
        Authenticator.objects.bulk_create(
            a
            for u in users[:2]
            for a in (
                Authenticator(
                    user=u,
                    type=Authenticator.Type.TOTP,
                    data={"secret": encrypt(generate_totp_secret())},
                ),
                Authenticator(
                    user=u,
                    type=Authenticator.Type.RECOVERY_CODES,
                    data={"seed": encrypt(RecoveryCodes.generate_seed()), "used_mask": 0},
                ),
            )
        )
        return {"facilitator": users[0], "researcher": users[1], "members": users[2:]}

    # --- diagnostics ----------------------------------------------------------------------

    def _diagnostics(self, cur, cohort, delegations) -> None:
        # The first delegation's diagnostic is still being filled in; the others are
        # submitted or validated, as after a parcours.
        Diagnostic.objects.bulk_create(
            Diagnostic(
                delegation=d,
                questionnaire=self.questionnaire,
                status=DiagnosticStatus.DRAFT
                if i == 0
                else (DiagnosticStatus.VALIDATED if i % 2 else DiagnosticStatus.SUBMITTED),
            )
            for i, d in enumerate(delegations)
        )
        answer = Answer._meta.db_table
        blocks = len(self.axis_questions) // ANSWERS_PER_MEMBER
        # Member n (in joining order within the delegation) answers the block n % blocks
        # of seven axis items: each item gets (members / blocks) answers.
        cur.execute(
            f"""
            INSERT INTO {answer} (diagnostic_id, question_id, respondent_id, category, level,
                                  text, version, quoted, updated_at, updated_by_id)
            SELECT d.id, q.id, m.user_id, m.category, (m.rn + q.rn) %% 6 - 1, t.body, 1,
                   (m.rn + q.rn) %% 97 = 0, now(), m.user_id
            FROM {Diagnostic._meta.db_table} d
            JOIN (SELECT user_id, delegation_id, category,
                         row_number() OVER (PARTITION BY delegation_id ORDER BY id) - 1 AS rn
                  FROM {Membership._meta.db_table}
                  WHERE cohort_id = %s AND delegation_id IS NOT NULL) m
              ON m.delegation_id = d.delegation_id
            JOIN (SELECT id, row_number() OVER (ORDER BY "order") - 1 AS rn
                  FROM diagnostics_question
                  WHERE questionnaire_id = %s AND section = 'axis') q
              ON q.rn / %s = m.rn %% %s
            JOIN seed_text t ON t.idx = (d.id + q.rn + m.rn) %% 50
            WHERE d.delegation_id = ANY(%s)
            """,
            [cohort.pk, self.questionnaire.pk, ANSWERS_PER_MEMBER, blocks,
             [d.pk for d in delegations]],
        )  # fmt: skip
        cur.execute(
            f"""
            INSERT INTO {answer} (diagnostic_id, question_id, respondent_id, category, level,
                                  text, version, quoted, updated_at)
            SELECT d.id, q, NULL, '', NULL, t.body, 1, false, now()
            FROM {Diagnostic._meta.db_table} d CROSS JOIN unnest(%s::bigint[]) q
            JOIN seed_text t ON t.idx = (d.id + q) %% 50
            WHERE d.delegation_id = ANY(%s)
            """,
            [self.shared_questions, [d.pk for d in delegations]],
        )

    # --- peer groups ----------------------------------------------------------------------

    def _peer_groups(self, cur, cohort) -> None:
        # The stage-opened hook created the groups and their sessions: the first two
        # sessions are over, the third is running (its board is live).
        sessions = PeerSession.objects.filter(group__cohort=cohort)
        sessions.filter(number__lt=3).update(status=SessionStatus.CLOSED)
        sessions.filter(number=3).update(status=SessionStatus.OPEN)
        kinds = ["constraint", "expectation", "self_expectation", "commitment"]
        cur.execute(
            f"""
            WITH authors AS (
                SELECT category, array_agg(user_id ORDER BY id) AS ids
                FROM {Membership._meta.db_table}
                WHERE cohort_id = %s AND role = 'participant' GROUP BY category)
            INSERT INTO {Contribution._meta.db_table}
                (session_id, kind, text, target_category, author_id, anonymous, theme, is_key,
                 hidden, shared, revision, created_at, updated_at, changed_version,
                 created_version, placed_version, hidden_version)
            SELECT s.id, (%s::text[])[1 + g %% 4], t.body,
                   CASE WHEN g %% 4 = 1 THEN
                        CASE WHEN pg.category = 'ELU' THEN 'AGENT_ETAT' ELSE 'ELU' END
                   ELSE '' END,
                   a.ids[1 + g %% array_length(a.ids, 1)], g %% 7 = 0,
                   CASE WHEN g %% 3 = 0 THEN 'Thème ' || (g %% 5 + 1) ELSE '' END,
                   g %% 25 = 0, g %% 50 = 49, g %% 10 = 0, 1,
                   now() - (%s - g) * interval '1 minute', now(), 0, 0, 0, 0
            FROM {PeerSession._meta.db_table} s
            JOIN {PeerGroup._meta.db_table} pg ON pg.id = s.group_id
            JOIN authors a ON a.category = pg.category
            CROSS JOIN generate_series(0, %s - 1) g
            JOIN seed_text t ON t.idx = (s.id + g) %% 50
            WHERE pg.cohort_id = %s
            ORDER BY s.id, g
            """,
            [cohort.pk, kinds, self.sizes.contributions, self.sizes.contributions, cohort.pk],
        )
        PeerSession.objects.filter(group__cohort=cohort).update(version=self.sizes.contributions)

    # --- agora ----------------------------------------------------------------------------

    def _agora(self, cohort, delegations) -> None:
        agora = Agora.objects.get(cohort=cohort)  # created by the stage-opened hook
        agora.delegations.set(delegations)
        kinds = StatementKind.values
        statements = Statement.objects.bulk_create(
            Statement(agora=agora, kind=kinds[s % len(kinds)], text=TEXTS[(cohort.pk + s) % 50])
            for s in range(self.sizes.statements)
        )
        stances = Stance.values
        Position.objects.bulk_create(
            Position(
                statement=st,
                category=category,
                stance=stances[(s + c) % len(stances)],
                note=TEXTS[(s * 4 + c) % 50] if (s + c) % len(stances) == 2 else "",
            )
            for s, st in enumerate(statements)
            for c, category in enumerate(CATEGORIES)
        )
        Agora.objects.filter(pk=agora.pk).update(version=self.sizes.statements * 5)

    # --- forums and the World Café --------------------------------------------------------

    def _forums(self, cur, cohort, delegations, people) -> None:
        forums = Forum.objects.bulk_create(
            Forum(
                delegation=d,
                status=ForumStatus.HELD,
                starting_point=TEXTS[(d.pk + 1) % 50],
                purpose=ForumPurpose.values[d.pk % len(ForumPurpose.values)],
                place="Salle des fêtes",
                duration_minutes=180,
                facilitator=people["facilitator"],
                shared_constraints=TEXTS[(d.pk + 2) % 50],
                intentions=TEXTS[(d.pk + 3) % 50],
                atmosphere=TEXTS[(d.pk + 4) % 50],
            )
            for d in delegations
        )
        categories = ParticipantCategory.values
        participants = Participant.objects.bulk_create(
            Participant(
                forum=f,
                name=f"{FIRST_NAMES[p % len(FIRST_NAMES)]} {LAST_NAMES[(f.pk + p) % len(LAST_NAMES)]}",
                category=categories[p % len(categories)],
            )
            for f in forums
            for p in range(self.sizes.forum_participants)
        )
        tables = CafeTable.objects.bulk_create(
            CafeTable(forum=f, number=n) for f in forums for n in range(1, CAFE_TABLES + 1)
        )
        from agora.models import DEFAULT_QUESTIONS

        rounds = CafeRound.objects.bulk_create(
            CafeRound(
                forum=f,
                number=n,
                question=DEFAULT_QUESTIONS[(n - 1) % len(DEFAULT_QUESTIONS)],
                status=RoundStatus.CLOSED,
            )
            for f in forums
            for n in range(1, CAFE_ROUNDS + 1)
        )
        by_forum_tables = {f.pk: [t for t in tables if t.forum_id == f.pk] for f in forums}
        by_forum_people = {f.pk: [p for p in participants if p.forum_id == f.pk] for f in forums}
        Seat.objects.bulk_create(
            Seat(
                round=r,
                table=by_forum_tables[r.forum_id][(p + r.number) % CAFE_TABLES],
                participant=person,
            )
            for r in rounds
            for p, person in enumerate(by_forum_people[r.forum_id])
        )
        cur.execute(
            f"""
            INSERT INTO {Card._meta.db_table} (table_id, round_id, kind, text, revision,
                                               written_by_id, created_at, updated_at)
            SELECT tb.id, r.id,
                   CASE WHEN g < 3 THEN 'key_idea' WHEN g = %s - 1 THEN 'synthesis'
                        ELSE 'divergent' END,
                   t.body, 1, NULL, now(), now()
            FROM {CafeTable._meta.db_table} tb
            JOIN {CafeRound._meta.db_table} r ON r.forum_id = tb.forum_id
            CROSS JOIN generate_series(0, %s - 1) g
            JOIN seed_text t ON t.idx = (tb.id + r.number + g) %% 50
            WHERE tb.forum_id = ANY(%s)
            ORDER BY r.number, tb.number, g
            """,
            [self.sizes.cards, self.sizes.cards, [f.pk for f in forums]],
        )
        Forum.objects.filter(pk__in=[f.pk for f in forums]).update(version=200)

    # --- research -------------------------------------------------------------------------

    def _observations(self, cur, cohort, index: int, people) -> None:
        count = (
            self.researched_observations if index == self.researched else self.other_observations
        )
        territories = list(
            Delegation.objects.filter(cohort=cohort).values_list("territory_id", flat=True)
        )
        cur.execute(
            f"""
            INSERT INTO {Observation._meta.db_table} (cohort_id, author_id, observed_on,
                territory_id, categories, text, created_at, updated_at)
            SELECT %s, %s, DATE '2016-01-01' + (%s * 36 + g %% 3000),
                   (%s::bigint[])[1 + g %% %s],
                   jsonb_build_array((%s::text[])[1 + g %% 4]), t.body, now(), now()
            FROM generate_series(1, %s) g JOIN seed_text t ON t.idx = g %% 50
            """,
            [
                cohort.pk,
                people["researcher"].pk,
                index,
                territories,
                len(territories),
                CATEGORIES,
                count,
            ],
        )
        axes = Observation.axes.through._meta.db_table
        cur.execute(
            f"""
            INSERT INTO {axes} (observation_id, axis_id)
            SELECT o.id, a.id FROM {Observation._meta.db_table} o
            JOIN (SELECT id, row_number() OVER (ORDER BY code) - 1 AS rn
                  FROM transitions_axis) a ON a.rn = o.id %% 33
            WHERE o.cohort_id = %s AND o.id %% 10 = 0
            """,
            [cohort.pk],
        )

    def _detections(self, cur, cohort) -> None:
        """Store every segment's detection for the researched cohort, as the background
        detection would have: the corpus pages then only substitute (no NER per view)."""
        dictionary = Dictionary.for_cohort(cohort)
        spans = detect(TEXTS, dictionary)
        cur.execute("ALTER TABLE seed_text ADD COLUMN spans jsonb")
        cur.executemany(
            "UPDATE seed_text SET spans = %s WHERE idx = %s",
            [(json.dumps(s), i) for i, s in enumerate(spans)],
        )
        sources = [
            (
                "diagnostics.answer",
                f"SELECT a.id, a.text FROM {Answer._meta.db_table} a "
                f"JOIN {Diagnostic._meta.db_table} d ON d.id = a.diagnostic_id "
                "JOIN territories_delegation dl ON dl.id = d.delegation_id "
                "WHERE dl.cohort_id = %s",
            ),
            (
                "peergroups.contribution",
                f"SELECT c.id, c.text FROM {Contribution._meta.db_table} c "
                f"JOIN {PeerSession._meta.db_table} s ON s.id = c.session_id "
                f"JOIN {PeerGroup._meta.db_table} g ON g.id = s.group_id WHERE g.cohort_id = %s",
            ),
            (
                "agora.statement",
                f"SELECT st.id, st.text FROM {Statement._meta.db_table} st "
                f"JOIN {Agora._meta.db_table} ag ON ag.id = st.agora_id WHERE ag.cohort_id = %s",
            ),
            (
                "agora.position",
                f"SELECT p.id, p.note FROM {Position._meta.db_table} p "
                f"JOIN {Statement._meta.db_table} st ON st.id = p.statement_id "
                f"JOIN {Agora._meta.db_table} ag ON ag.id = st.agora_id WHERE ag.cohort_id = %s",
            ),
            (
                "agora.card",
                f"SELECT c.id, c.text FROM {Card._meta.db_table} c "
                f"JOIN {CafeTable._meta.db_table} tb ON tb.id = c.table_id "
                f"JOIN {Forum._meta.db_table} f ON f.id = tb.forum_id "
                "JOIN territories_delegation dl ON dl.id = f.delegation_id "
                "WHERE dl.cohort_id = %s",
            ),
            (
                "research.observation",
                f"SELECT o.id, o.text FROM {Observation._meta.db_table} o WHERE o.cohort_id = %s",
            ),
        ]
        for source, rows in sources:
            cur.execute(
                f"""
                INSERT INTO {Detection._meta.db_table} (cohort_id, segment_id, text_hash,
                    dictionary_version, spans, detected_at)
                SELECT %s, %s || ':' || x.id, encode(sha256(convert_to(x.text, 'UTF8')), 'hex'),
                       %s, t.spans, now()
                FROM ({rows}) x(id, text) JOIN seed_text t ON t.body = x.text
                ON CONFLICT DO NOTHING
                """,
                [cohort.pk, source, dictionary.version, cohort.pk],
            )
