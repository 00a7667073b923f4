"""The drift engine's rules: stable ids, default severities, titles and help texts.

The ids are a contract: SARIF rule ids, JSON output, policy exceptions (``rule:``) and the
``findings:RULE`` key-result metric all name them. :mod:`lodestar.analysis.drift` documents
how each rule reads the declarations.
"""

from __future__ import annotations

from dataclasses import dataclass

from lodestar.records import Severity

__all__ = ["RULES", "Rule"]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: Severity  # the default; a few rules take theirs from the policy
    title: str
    help: str


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule(
            "radar-hold-in-use",
            Severity.WARNING,
            "Technology on Hold in use",
            "A repository uses a technology the radar puts on Hold; plan its replacement.",
        ),
        Rule(
            "radar-hold-new-adoption",
            Severity.ERROR,
            "Technology on Hold newly adopted",
            "A repository started using a Hold technology after the radar policy's date.",
        ),
        Rule(
            "radar-assess-outside-scope",
            Severity.WARNING,
            "Assess technology outside its trial repositories",
            "Technologies in Assess may only be used in the repositories the policy lists.",
        ),
        Rule(
            "decision-violation",
            Severity.ERROR,
            "Use against an accepted decision",
            "A repository uses an alternative an accepted decision rejected.",
        ),
        Rule(
            "licence-denied",
            Severity.ERROR,
            "Licence denied by policy",
            "The licence of the repository or of a dependency is denied in its context.",
        ),
        Rule(
            "licence-review",
            Severity.WARNING,
            "Licence needs review",
            "The licence of the repository or of a dependency needs legal review in its context.",
        ),
        Rule(
            "licence-not-allowed",
            Severity.WARNING,
            "Licence not on the allow list",
            "The licence of the repository or of a dependency is not among the allowed ones.",
        ),
        Rule(
            "dependency-denied",
            Severity.ERROR,
            "Denied dependency",
            "A dependency matches a deny rule of the dependency policy.",
        ),
        Rule(
            "eol-past",
            Severity.ERROR,
            "Past end of life",
            "A deployed runtime, OS, database or framework version (or every version a "
            "supported range allows) is past its end of life.",
        ),
        Rule(
            "eol-soon",
            Severity.WARNING,
            "End of life soon",
            "A declared version reaches its end of life within the policy's warning period.",
        ),
        Rule(
            "eol-range-admits",
            Severity.NOTE,
            "Supported range still admits an end-of-life version",
            "A library's supported range (requires-python, engines …) still allows a version "
            "past its end of life beside supported ones; raise its minimum when convenient.",
        ),
        Rule(
            "radar-missing",
            Severity.NOTE,
            "Technology in use but not on the radar",
            "A technology observed in the organisation has no radar entry: suggest one.",
        ),
        Rule(
            "radar-unused",
            Severity.NOTE,
            "Radar entry nobody uses",
            "No repository uses what this radar entry describes.",
        ),
        Rule(
            "radar-review-due",
            Severity.WARNING,
            "Radar entry past its review date",
            "The radar entry's review-by date has passed: review its ring.",
        ),
        Rule(
            "decision-review-due",
            Severity.WARNING,
            "Decision past its review date",
            "An accepted decision's review-by date has passed: confirm, amend or supersede it.",
        ),
        Rule(
            "exception-expired",
            Severity.WARNING,
            "Policy exception expired",
            "An exception has expired and no longer waives findings: renew or remove it.",
        ),
        Rule(
            "campaign-behind",
            Severity.WARNING,
            "Campaign behind schedule",
            "A migration campaign will not finish by its due date at the current pace.",
        ),
        Rule(
            "owner-missing",
            Severity.WARNING,
            "Repository without a declared owner",
            "Nobody is declared to own the repository: no CODEOWNERS rule for its root, no "
            "catalog-info.yaml owner, no [repositories.owners] entry.",
        ),
        Rule(
            "owner-departed",
            Severity.WARNING,
            "Declared owner departed",
            "The declared owner (a person, or every member of a team) made no commit anywhere "
            "for history.departed_days.",
        ),
        Rule(
            "owner-team-inactive",
            Severity.NOTE,
            "Declared team inactive in the repository",
            "No member of the declared team changed the repository in history.active_days.",
        ),
        Rule(
            "owner-unknown",
            Severity.NOTE,
            "Owner Lodestar does not know",
            "A CODEOWNERS or catalog-info.yaml owner names no known person, people.toml team, "
            "or Backstage Group or User.",
        ),
        Rule(
            "milestone-overdue",
            Severity.WARNING,
            "Initiative milestone overdue",
            "An open milestone of an active initiative is past its date.",
        ),
        Rule(
            "vulnerability",
            Severity.ERROR,
            "Vulnerable dependency",
            "A dependency's version is affected by a published advisory (OSV); the severity "
            "follows its CVSS band and the policy's vulnerabilities section. Upgrade to the fixed "
            "version, or record a VEX statement or an exception.",
        ),
        Rule(
            "vulnerability-campaign-target",
            Severity.WARNING,
            "Campaign target admits a vulnerable version",
            "A migration campaign's target version range still admits versions a published "
            "advisory affects; narrow the range.",
        ),
        Rule(
            "ip-disclosure-undecided",
            Severity.WARNING,
            "Invention disclosure without a decision",
            "An invention disclosure is still draft, submitted or under review longer than "
            "ip.undecided_days after its date, or past its review-by date.",
        ),
        Rule(
            "ip-deadline-soon",
            Severity.WARNING,
            "Patent deadline soon",
            "A docketed deadline of a pending or granted application is due within "
            "ip.deadline_warn_days and not marked done.",
        ),
        Rule(
            "ip-deadline-missed",
            Severity.ERROR,
            "Patent deadline missed",
            "A docketed deadline has passed and is not marked done (a warning when the "
            "deadline is extendable).",
        ),
        Rule(
            "ip-reference-unknown",
            Severity.WARNING,
            "IP register names someone or something unknown",
            "An inventor no person Lodestar knows, or a repository no scan has seen.",
        ),
        Rule(
            "ip-outbound-unregistered",
            Severity.WARNING,
            "Outbound contribution not registered",
            "People of the organisation committed to an upstream project (a [sources] upstream "
            "mirror) that ip/outbound.yaml does not list or approve, or beyond its self-declared "
            "size limit.",
        ),
        Rule(
            "ip-outbound-cla-missing",
            Severity.ERROR,
            "Contributor agreement missing",
            "An upstream project requires a CLA that is not recorded as signed and approved, or "
            "the DCO and the organisation's commits lack their author's Signed-off-by.",
        ),
        Rule(
            "ip-trade-secret-exposed",
            Severity.ERROR,
            "Trade secret exposed",
            "A trade-secret file is present in a public repository, or the same file (blob id) "
            "is present outside the declared trade-secret paths.",
        ),
        Rule(
            "ip-export-record-missing",
            Severity.WARNING,
            "Export-control record missing",
            "A repository uses a cryptographic library (catalog tag crypto) without an "
            "ip/export.yaml record, or the notice file its record names is absent.",
        ),
        Rule(
            "ip-patent-notice-missing",
            Severity.WARNING,
            "Patent notice missing",
            "A repository covered by a granted or pending patent family has no patent notice "
            "file while the policies ask for one (ip.patent-notice).",
        ),
    )
}
