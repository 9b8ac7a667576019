"""The forum summary (DOMAIN §5.2): its data for the page and the PDF, rendered by the
shared job pipeline. Attributed to roles and organisations, never to a person's name:
the payload carries no participant's or user's name at all."""

from __future__ import annotations

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from agora.models import Forum
from agora.selectors import cafe_wall, forums_for, participant_counts
from territories.selectors import organisations_with_latest
from transitions.jobs import content_hash, job_request, latest_job
from transitions.models import Job
from transitions.pdf import render_pdf

JOB_KIND = "forum_summary"


def job_target(forum: Forum) -> str:
    return f"forum:{forum.pk}"


def summary_object(user, target: str) -> Forum | None:
    prefix, _sep, pk = target.partition(":")
    if prefix != "forum" or not pk.isdigit():
        return None
    return forums_for(user).filter(pk=int(pk)).first()


def summary_payload(forum: Forum) -> dict:
    relations = [
        {
            "organisation": o.name,
            "legal_form": o.get_legal_form_display(),
            "relation": o.latest.get_relation_type_display() if o.latest else "",
            "cooperation": o.latest.get_cooperation_type_display() if o.latest else "",
        }
        for o in organisations_with_latest(forum.delegation.territory)
    ]
    wall = [
        {
            "number": row["round"].number,
            "question": row["round"].question,
            "tables": [
                {
                    "number": cell["table"].number,
                    "key_ideas": [c.text for c in cell["key_ideas"]],
                    "divergent": [c.text for c in cell["divergent"]],
                    "syntheses": [c.text for c in cell["syntheses"]],
                }
                for cell in row["tables"]
            ],
        }
        for row in cafe_wall(forum)
    ]
    # A round nobody wrote a card for says nothing: left out, like every empty part.
    wall = [
        row
        for row in wall
        if any(t["key_ideas"] or t["divergent"] or t["syntheses"] for t in row["tables"])
    ]
    opportunities = [
        {
            "title": o.title,
            "relation_type": o.get_relation_type_display(),
            "cooperation_form": o.cooperation_form,
            "authority_role": ", ".join(
                x for x in [o.authority_moment, o.authority_posture, *o.authority_means] if x
            ),
            "lead": _("La collectivité")
            if o.lead_is_authority
            else (o.lead_organisation.name if o.lead_organisation else ""),
            "contributors": [c.name for c in o.contributors.all()]
            + ([str(_("La collectivité"))] if o.authority_contributes else []),
            "axes": [a.code for a in o.axes.all()],
            "next_step": o.next_step,
            "next_step_owner": o.next_step_owner,
            "next_step_due": o.next_step_due,
            "on_map": o.relationship_id is not None,
        }
        for o in forum.opportunities.select_related("lead_organisation").prefetch_related(
            "contributors", "axes"
        )
    ]
    return {
        "forum": forum,
        "territory": forum.delegation.territory.name,
        "cohort": str(forum.delegation.cohort),
        "meta": {
            "held_on": forum.held_on,
            "place": forum.place,
            "duration_minutes": forum.duration_minutes,
            "co_organisers": forum.co_organisers,
            "local_highlight": forum.local_highlight,
            "rapporteur_role": forum.rapporteur_role,
            "dialogue_support": forum.dialogue_support,
            "purpose": forum.get_purpose_display() if forum.purpose else "",
            "status": forum.get_status_display(),
            "not_held_reason": forum.get_not_held_reason_display() if forum.not_held_reason else "",
            "not_held_detail": forum.not_held_detail,
            "axes": [str(a) for a in forum.axes.all()],
        },
        "participants": participant_counts(forum),
        "starting_point": forum.starting_point,
        "relations": relations,
        "wall": wall,
        "outputs": [
            (str(forum._meta.get_field(name).verbose_name), getattr(forum, name))
            for name in [
                "shared_constraints",
                "expectations_authority_to_ess",
                "expectations_ess_to_authority",
                "consensus_dissensus",
                "intentions",
                "commitments",
                "vocabulary",
            ]
            # An output nobody wrote is left out, not printed as "—".
            if getattr(forum, name).strip()
        ],
        "atmosphere": forum.atmosphere,
        "opportunities": opportunities,
    }


def _hash_source(payload: dict) -> dict:
    data = {k: v for k, v in payload.items() if k != "forum"}
    # Version 2: the shared PDF layout (templates/pdf/base.html).
    return {"version": 2, "data": data}


def render_forum_summary(job: Job, progress) -> tuple[str, bytes]:
    forum = Forum.objects.select_related("delegation__territory", "delegation__cohort").get(
        pk=int(job.target.split(":", 1)[1])
    )
    progress(10, _("Rassemblement des cartons et de la récolte"))
    payload = summary_payload(forum)
    payload["generated_at"] = timezone.now()
    progress(40, _("Mise en page du PDF"))
    data = render_pdf("agora/pdf/forum_summary.html", payload)
    return f"synthese-forum-{slugify(forum.delegation.territory.name)}.pdf", data


def summary_request(*, forum: Forum, user) -> Job:
    """Same content → same job and file; any change of cards or harvest → a new one."""
    digest = content_hash(_hash_source(summary_payload(forum)))
    return job_request(kind=JOB_KIND, target=job_target(forum), content_hash=digest, user=user)


def summary_latest(forum: Forum) -> Job | None:
    return latest_job(kind=JOB_KIND, target=job_target(forum))
