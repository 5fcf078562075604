"""The portal's shared vocabulary: labels for statuses, roles, audit lines, form fields, messages.

Every value a domain stores and a page shows (a status, an audit action or resource, a form field,
a purpose, a refusal) goes through `label` or `say` here, so a page never shows a raw key. Message
ids are English and translated by the catalogue; texts with variable parts are listed as patterns
with `{name}` placeholders.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import cache, partial
from typing import Any

from ansinh.core.i18n import N_
from ansinh.portal.i18n import translate

Gettext = Callable[[str], str]

LABELS: dict[str, dict[str, str]] = {
    "status": {
        "submitted": N_("submitted"),
        "in_review": N_("in review"),
        "incomplete": N_("waiting for documents"),
        "proposed": N_("awaiting a second officer"),
        "decided": N_("decided"),
        "approved": N_("approved"),
        "rejected": N_("rejected"),
        "active": N_("in force"),
        "suspended": N_("suspended"),
        "ended": N_("ended"),
        "withdrawn": N_("withdrawn"),
    },
    "actor": {
        "citizen": N_("You"),
        "officer": N_("Agency officer"),
        "client": N_("Partner system"),
        "system": N_("The system"),
    },
    "role": {
        "officer": N_("officer"),
        "reviewer": N_("reviewer"),
        "supervisor": N_("supervisor"),
        "admin": N_("administrator"),
    },
    "action": {
        "read": N_("read"),
        "create": N_("recorded"),
        "update": N_("changed"),
        "delete": N_("deleted"),
    },
    "resource": {
        "contributions.book": N_("your SI book"),
        "contributions.declaration": N_("an employer's declaration about you"),
        "contributions.enrolment": N_("your voluntary SI enrolment"),
        "registry.person": N_("your personal record"),
        "registry.employment": N_("your employments"),
        "audit.events": N_("the log of reads of your data"),
        "health.card": N_("your HI card"),
        "health.check_in": N_("a clinic visit check-in"),
        "services.application": N_("your online application"),
        "payments.channel": N_("where your benefits are paid"),
        "payments.history": N_("your benefit payments"),
        "payments.worklist": N_("a payroll officer's work list"),
        "population_register.verify": N_("a check against the population register"),
        "population_register": N_("the population register"),
        "si_book": N_("your SI book"),
        "hi_card": N_("your HI card"),
        "documents.document": N_("a document issued to you"),
        "benefits.claims": N_("your benefit claims"),
    },
    "field": {
        "address": N_("Address"),
        "province_code": N_("Province"),
        "bank_bin": N_("Bank"),
        "account_number": N_("Account number"),
        "account_holder": N_("Account holder"),
        "account_ending": N_("Account ending in"),
        "facility_code": N_("Primary-care facility"),
        "effective_on": N_("Takes effect on"),
        "bank": N_("Bank"),
        "commune_code": N_("Commune or ward"),
        "street": N_("House number and street"),
        "total_months": N_("Months of contributions"),
        "document": N_("Signed document"),
        "document_id": N_("Document number"),
        "csrf": N_("Form"),
        "birth_date": N_("Child's date of birth"),
        "children": N_("Children born"),
        "certificate_serial": N_("Birth certificate serial"),
        "channel": N_("How you receive the money"),
        "ground": N_("Ground"),
        "si_number": N_("SI number"),
        "branch": N_("Benefit"),
        "period_from": N_("Date of the event"),
        "country": N_("Host country"),
        "unit_code": N_("Sending employer's unit code"),
        "starts_on": N_("Posting starts on"),
        "ends_on": N_("Posting ends on"),
    },
    "ground": {
        "out_of_insurance": N_("I have been out of SI for the waiting time the law sets"),
        "pension_age": N_("I reached the pension age without the years for a pension"),
        "emigration": N_("I am settling abroad"),
        "serious_illness": N_("I have a life-threatening illness"),
    },
    # The rules engine's failed checks, said plainly (the English page shows the engine's reason).
    "refusal": {
        "no_estimate": N_("There is nothing to estimate yet: no contributions are recorded."),
        "minimum_contribution_years": N_("You do not have the minimum years of SI for a pension."),
        "employer_set_compulsory_history": N_(
            "Periods of voluntary SI or on the State pay scale cannot be estimated online yet."
        ),
        "early_retirement_allowed": N_("An early pension is not open to you."),
        "early_retirement_minimum_years": N_("An early pension needs more years of SI."),
        "waiting_time_without_insurance": N_(
            "A withdrawal opens only after a full waiting time without social insurance; "
            "you are insured now or stopped recently."
        ),
        "below_years_for_out_of_insurance": N_(
            "With your years of SI the withdrawal is closed: the time is kept for your pension."
        ),
        "joined_before_cutoff": N_(
            "Since Law 41/2024 this withdrawal is open only to people insured before its cut-off."
        ),
        "retirement_age_reached": N_("You have not reached the retirement age."),
        "below_pension_minimum_years": N_("You have the years for a pension, not a withdrawal."),
        "has_contributions": N_("There is no SI time before the claim date."),
    },
    "document": {
        "si-confirmation": N_("A confirmation of contribution record"),
        "hi-card": N_("A health-insurance card statement"),
        "claim-decision": N_("A decision on a benefit claim"),
        "coverage-certificate": N_("A certificate of coverage for a posted worker"),
        "claim-batch-result": N_("The result of an employer's claim list"),
        "service-result": N_("The result of an online-service application"),
    },
    # benefit claims (benefits.claims): branches, statuses, outcomes, who filed
    "branch": {
        "sickness": N_("Sickness"),
        "child_sickness": N_("Caring for a sick child"),
        "sickness_convalescence": N_("Convalescence after sickness"),
        "prenatal_visit": N_("Prenatal visit"),
        "miscarriage": N_("Miscarriage or stillbirth"),
        "childbirth": N_("Childbirth"),
        "adoption": N_("Adoption"),
        "paternity": N_("Father's leave at a birth"),
        "contraception": N_("Contraception"),
        "maternity_voluntary": N_("Voluntary-SI maternity allowance"),
        "maternity_convalescence": N_("Convalescence after maternity"),
        "pension": N_("Old-age pension"),
        "one_time_withdrawal": N_("One-time SI withdrawal"),
        "survivor_monthly": N_("Monthly survivor allowance"),
        "survivor_lump_sum": N_("Lump-sum survivor allowance"),
        "funeral_grant": N_("Funeral grant"),
        "work_injury": N_("Work injury or occupational disease"),
    },
    "claim_status": {
        "awaiting_confirmation": N_("Awaiting confirmation"),
        "held": N_("Held: evidence or explanation missing"),
        "received": N_("Received"),
        "pending_approval": N_("Waiting for approval"),
        "granted": N_("Granted"),
        "refused": N_("Refused"),
        "revoked": N_("Revoked"),
        "approved": N_("Approved"),
        "confirmed": N_("Confirmed"),
    },
    "claimant": {
        "employer": N_("Your employer"),
        "citizen": N_("You"),
        "officer": N_("Agency officer"),
        "proactive": N_("The agency, from your SI book"),
    },
    "payment_status": {
        "computed": N_("Being prepared"),
        "instructed": N_("Sent to the bank"),
        "accepted": N_("Accepted by the bank"),
        "booked": N_("Paid into your account"),
        "rejected": N_("Refused by the bank"),
        "returned": N_("Returned by the bank"),
        "paid_cash": N_("Paid in cash"),
        "unpaid_cash": N_("Not collected in cash"),
    },
    "payment_channel": {
        "account": N_("Bank account"),
        "cash": N_("Cash at the post office"),
        "employer": N_("Through your employer"),
    },
    "payment_reason": {
        "AC01": N_("The account number is wrong"),
        "AC03": N_("The account cannot receive this payment"),
        "AC04": N_("The account is closed"),
        "AC06": N_("The account is blocked"),
        "AG01": N_("The bank does not allow this payment"),
        "AM02": N_("The amount is above the bank's limit"),
        "BE01": N_("The account is not in the beneficiary's name"),
        "MD07": N_("The bank reported the account holder as deceased"),
        "RC01": N_("The bank code is unknown"),
        "NARR": N_("Another reason given by the bank or post office"),
    },
    "payment_action": {
        "ask_new_account": N_("Ask for a new account; pay in cash meanwhile"),
        "suspended": N_("Suspend payments"),
        "hold": N_("Hold payments until the account is unblocked"),
        "death_check": N_("Check the death with the civil registry"),
        "review": N_("Review the payment"),
    },
    "overpayment_status": {
        "open": N_("To recover"),
        "recovered": N_("Recovered"),
        "written_off": N_("Written off"),
    },
    "recovery": {
        "estate": N_("from the estate's unpaid months"),
        "bank_return": N_("returned by the bank"),
        "write_off": N_("by decision"),
    },
    "run_kind": {
        "monthly": N_("Monthly payroll"),
        "daily": N_("Daily one-off payments"),
    },
    "run_status": {
        "draft": N_("Waiting for approval"),
        "approved": N_("Approved (frozen)"),
        "sent": N_("Sent to the bank"),
    },
}

FALLBACKS = {"refusal": N_("The rules cannot estimate this yet.")}

PATTERNS = (
    N_("online service application {reference}"),
    N_("review of online service application {reference}"),
    N_("confirmation of contribution record {reference}"),
    N_("HI {visit} visit check-in at facility {facility}"),
    N_("this service needs an e-ID login at level {level}"),
    N_("the application is {status}"),
    N_("the e-ID provider refused the code ({error})"),
    N_("revocation of document {document}"),
    N_("you already have an application in progress ({reference})"),
    N_("certificate {serial} not received from the facility yet"),
    N_("certificate {serial} is a {kind} certificate, not the one needed"),
    N_("certificate {serial} was issued for another person"),
    N_("certificate {serial} covers other dates than the claim"),
    N_("already claimed: claim {reference} covers the same {what} ({key})"),
    N_("a claim in status {status} cannot be decided now"),
    N_("handling of benefit claim {reference}"),
    N_("a change of primary-care facility is accepted from {opens} to {closes}"),
    N_("bank reason {reason}: paid in cash until a new account is given"),
)

# Refusals and reasons that domains raise in English; listed so the catalogue translates them.
MESSAGES = (
    N_("citizen reading their own data in the portal"),
    N_("citizen's request in the national e-ID app"),
    N_("authenticate the insured person against the population register"),
    N_("declaration file loaded by an operator"),
    N_("no available online service with that code"),
    N_("no application with that reference"),
    N_("you have no current health-insurance card"),
    N_("the account must be in your own name"),
    N_("not a primary-care facility in your province"),
    N_("a refusal needs a written reason the applicant can read"),
    N_("citizen downloading their own document in the portal"),
    N_("verification of a document you were issued"),
    N_("no document with that number"),
    N_("apply the population register's correction of identity data"),
    N_("not a bank that benefits can be paid into"),
    N_("not an account number of this bank"),
    N_("this is already your primary-care facility"),
    N_("not a province in force"),
    N_("not a commune of the province chosen"),
    N_("no claim with this reference"),
    N_("this claim has no decision waiting for approval"),
    N_("this claim has no decision in force to adjust or revoke"),
    N_("a decision must be approved by another officer than its maker"),
    N_("si_number: no such insured person"),
    N_("benefit"),
    N_("days, child or event"),
    N_("officer working the benefit claims queue of a province"),
    N_("citizen filing their own benefit claim in the portal"),
    N_("officer opening a long-term benefit claim from a dossier"),
    N_("a birth date cannot be in the future"),
    N_("officer working the payroll's exceptions"),
    N_("officer preparing a run's cash list for the post office"),
)

FORM_ERRORS = {
    "missing": N_("{field}: please fill this in."),
    "string_pattern_mismatch": N_("{field}: the value is not in the expected form."),
    "string_too_short": N_("{field}: the value is too short."),
    "string_too_long": N_("{field}: the value is too long."),
    "extra_forbidden": N_("The form has a field it should not have."),
}
FORM_ERROR = N_("{field}: the value is not valid.")


def _gettext(language: str) -> Gettext:
    return partial(translate, language)


def label(kind: str, value: str | None, language: str) -> str:
    """The label of a stored `value` of `kind` (a status, a role, a field...) in `language`."""
    if value is None:
        return "—"
    return _gettext(language)(LABELS[kind].get(value, FALLBACKS.get(kind, value)))


@cache
def _compiled() -> tuple[tuple[re.Pattern[str], str], ...]:
    parts = []
    for message in PATTERNS:
        pieces = re.split(r"\{(\w+)\}", message)
        regex = "".join(
            re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(pieces)
        )
        parts.append((re.compile(f"^{regex}$"), message))
    return tuple(parts)


def say(text: str | None, language: str) -> str | None:
    """`text` (English, from a domain) in `language`, or None when the catalogue cannot say it.

    A catalogue message, a known pattern with its variable parts, or a "field: reason" refusal
    said as the field's label and the translated reason. English is the text itself.
    """
    if not text:
        return None
    field, _, reason = text.partition(": ")
    if reason and field in LABELS["field"]:
        said = say(reason, language)
        return None if said is None else f"{label('field', field, language)}: {said}"
    if language == "en":
        return text
    gettext = _gettext(language)
    if gettext(text) != text:
        return gettext(text)
    for regex, message in _compiled():
        found = regex.match(text)
        if found:
            values = {k: gettext(v) for k, v in found.groupdict().items()}
            return gettext(message).format(**values)
    return None


def form_errors(errors: Sequence[Mapping[str, Any]], language: str) -> list[str]:
    """Pydantic validation errors as sentences naming each field by its label."""
    gettext = _gettext(language)
    sentences = []
    for error in errors:
        location = error.get("loc") or ("",)
        field = str(location[-1])
        message = FORM_ERRORS.get(str(error.get("type")), FORM_ERROR)
        sentences.append(gettext(message).format(field=label("field", field, language)))
    return sentences
