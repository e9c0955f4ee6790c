"""Financial-reporting topics, the ones each industry's reviews draw from, with headings for a periodic
report and for a registration statement.

All sentences here are our own; `{name}` placeholders are filled by the drafter.
"""

from __future__ import annotations

from devtools.synthetic.topics.topic import Topic

TOPICS: tuple[Topic, ...] = (
    Topic(
        key="revenue",
        headings_periodic=(
            ("Item 8. Financial Statements and Supplementary Data", "Note 2. Revenue Recognition, page F-{fp}"),
            ("Notes to Consolidated Financial Statements", "Summary of Significant Accounting Policies", "Revenue, page F-{fp}"),
        ),
        headings_registration=(("Notes to Consolidated Financial Statements", "Revenue Recognition, page F-{fp}"),),
        comments=(
            "You state that certain arrangements include both hardware and multi-year support. Please describe how you identify the separate performance obligations in these arrangements and how you allocate the transaction price among them. Refer to {lit_revenue}.",
            "Please explain to us how you determined that you act as the principal rather than the agent in sales made through third-party {channel}. Walk us through the indicators you weighed and cite the guidance in {lit_revenue_principal}.",
            "Your policy note indicates that revenue for {segment1} contracts is recognized over time. Tell us which method you use to measure progress toward completion and why that method faithfully depicts the transfer of control.",
            "We see that deferred revenue grew {pct}% during fiscal {fy} while reported revenue grew at a much slower pace. Please explain the drivers of this difference and consider disclosing the remaining performance obligations expected to be recognized in each future period.",
        ),
        subitems=(
            "the nature of the promised goods or services in each category;",
            "the typical payment terms and whether a significant financing component exists;",
            "how variable consideration such as volume rebates is estimated and constrained;",
            "the judgments that most affect the timing of revenue recognition.",
        ),
        followups=(
            "Please tell us in more detail how the standalone selling prices were estimated for items that are not sold separately.",
            "It remains unclear how the rebate accrual is trued up at each reporting date. Please clarify and tell us the amounts of any adjustments recorded in each period presented.",
        ),
        answers=(
            "The Company respectfully advises the Staff that its contracts with customers generally contain two promises: the delivery of equipment and a stand-ready obligation to provide support over the contract term. Each promise is capable of being distinct and is distinct in the context of the contract, because the customer can operate the equipment without our support.",
            "We considered whether we control the specified good before it is transferred to the end customer. We set the price, bear inventory risk before the sale and are primarily responsible for fulfillment, and we therefore concluded that we act as principal and present these sales on a gross basis.",
            "We measure progress using costs incurred relative to total estimated costs at completion. Management reviews contract estimates each quarter, and cumulative catch-up adjustments have not been material in any period presented.",
        ),
        commitments=(
            "In future filings, beginning with our next Annual Report on Form 10-K, we will expand our revenue recognition policy to describe each performance obligation and the method used to allocate the transaction price.",
            "We will revise our disclosure in future filings to present the amount of remaining performance obligations and the periods in which we expect to recognize them, substantially in the form shown below.",
        ),
    ),
    Topic(
        key="nongaap",
        headings_periodic=(
            (
                "Item 7. Management's Discussion and Analysis of Financial Condition and Results of Operations",
                "Non-GAAP Financial Measures, page {p}",
            ),
            (
                "Item 7. Management's Discussion and Analysis of Financial Condition and Results of Operations",
                "Key Performance Measures, page {p}",
            ),
        ),
        headings_registration=(("Prospectus Summary", "Summary Consolidated Financial Data, page {p}"),),
        comments=(
            "Your presentation of {measure} excludes recurring cash operating expenses that appear necessary to run your business. Please tell us how this adjustment complies with {lit_nongaap}, or remove it in future filings.",
            "We note that your earnings release presents {measure} before the most directly comparable GAAP measure. Please revise to present the GAAP measure with equal or greater prominence. Refer to Item 10(e)(1)(i)(A) of Regulation S-K.",
            "Please reconcile {measure} to net income rather than to operating income, or tell us why operating income is the most directly comparable GAAP measure.",
            "Explain to us why the adjustment labeled other items is appropriate and disclose the nature and amount of each component included in it.",
        ),
        subitems=(
            "the nature of each adjustment and why it is useful to investors;",
            "whether any adjustment is a normal, recurring cash operating expense;",
            "how the income tax effect of the adjustments is calculated.",
        ),
        followups=(
            "Your response indicates that the adjustment reflects costs you consider outside the normal course of business. Since these costs have occurred in each of the last three years, please tell us why they are not recurring.",
        ),
        answers=(
            "The Company respectfully advises the Staff that the adjustment relates to costs of consolidating facilities under a program announced during the year. Management does not view these costs as indicative of ongoing operating performance, and the program is expected to be substantially complete within eighteen months.",
            "We reviewed our earnings release and agree that the summary table began with the non-GAAP measure. The GAAP measure appeared in the narrative paragraph immediately before the table.",
        ),
        commitments=(
            "Beginning with our next earnings release, we will present net income before {measure} and will no longer exclude the items described above from the measure.",
            "In future filings we will reconcile {measure} to net income, the most directly comparable GAAP measure, and will describe each reconciling item separately.",
        ),
    ),
    Topic(
        key="mdna",
        headings_periodic=(
            (
                "Item 7. Management's Discussion and Analysis of Financial Condition and Results of Operations",
                "Results of Operations, page {p}",
            ),
            (
                "Management's Discussion and Analysis of Financial Condition and Results of Operations",
                "Liquidity and Capital Resources, page {p}",
            ),
        ),
        headings_registration=(
            (
                "Management's Discussion and Analysis of Financial Condition and Results of Operations",
                "Results of Operations, page {p}",
            ),
        ),
        comments=(
            "Your discussion of results attributes the change in gross margin to several factors without quantifying each one. Please revise to quantify the impact of each material factor, including pricing, volume and mix. Refer to {lit_mdna}.",
            "Please expand your liquidity discussion to describe known trends or uncertainties that are reasonably likely to affect cash flows from operations, including the increase in days sales outstanding during fiscal {fy}.",
            "We note that operating cash flow declined by {pct}% compared to the prior year. Please analyze the underlying reasons for this change rather than repeating the line items from the statement of cash flows.",
            "Tell us whether the inflationary pressures mentioned in your risk factors had a material effect on your results, and if so, discuss the effect in MD&A.",
        ),
        subitems=(
            "price changes;",
            "changes in sales volume;",
            "product and customer mix;",
            "foreign currency movements.",
        ),
        followups=(
            "Your response explains the factors qualitatively. Please quantify the contribution of price and volume to the revenue change for each reportable segment.",
        ),
        answers=(
            "The Company respectfully advises the Staff that the change in gross margin resulted primarily from higher freight costs, which reduced gross margin by approximately 120 basis points, partially offset by favorable product mix, which increased gross margin by approximately 40 basis points.",
            "The increase in receivables reflected the timing of shipments in the final weeks of the fiscal year rather than a change in customer payment terms. Collections in the first quarter of the following year were consistent with historical patterns.",
        ),
        commitments=(
            "In future filings we will quantify, where practicable, each material factor contributing to changes in revenue and gross margin.",
            "We will expand our liquidity discussion in future filings to address known trends in working capital and their expected effect on operating cash flows.",
        ),
    ),
    Topic(
        key="segments",
        headings_periodic=(
            ("Item 8. Financial Statements and Supplementary Data", "Note {n}. Segment Information, page F-{fp}"),
        ),
        headings_registration=(("Notes to Consolidated Financial Statements", "Segment Reporting, page F-{fp}"),),
        comments=(
            "Please tell us how you identified your operating segments and whether {segment1} and {segment2} are aggregated into a single reportable segment. If so, explain how they meet the aggregation criteria in {lit_segments}.",
            "Your earnings calls discuss results for {segment2} separately, yet it is not presented as a segment. Please describe the financial information regularly reviewed by your chief operating decision maker.",
            "Please disclose revenues from external customers for each product and service or group of similar products and services, or tell us why it is impracticable to do so.",
        ),
        subitems=(
            "the title and role of your chief operating decision maker;",
            "the reports provided to the chief operating decision maker and how often they are reviewed;",
            "the basis on which budgets and compensation are set.",
        ),
        followups=(
            "We note that the gross margins of the aggregated operating segments differed by more than ten percentage points in two of the last three years. Please explain why they are economically similar.",
        ),
        answers=(
            "The Company respectfully advises the Staff that its Chief Executive Officer is the chief operating decision maker. The monthly operating package provided to him presents revenue and segment profit for {segment1} and {segment2} on a combined basis, and resource allocation decisions are made at that level.",
            "Both operating segments sell similar products through the same distribution channels to the same types of customers, and their long-term average gross margins are within three percentage points.",
        ),
        commitments=(
            "In future filings we will disclose revenue for each group of similar products, substantially in the form of the table included in this response.",
        ),
        subitems_fit=1,
    ),
    Topic(
        key="loan_losses",
        headings_periodic=(
            ("Item 8. Financial Statements and Supplementary Data", "Note {n}. Allowance for Credit Losses, page F-{fp}"),
            (
                "Item 7. Management's Discussion and Analysis of Financial Condition and Results of Operations",
                "Asset Quality, page {p}",
            ),
        ),
        headings_registration=(("Business", "Lending Activities, page {p}"),),
        comments=(
            "Please describe how the qualitative adjustments to your allowance for loan losses were determined and quantify their effect at each balance sheet date. Refer to {lit_loan_losses}.",
            "Nonperforming commercial real estate loans increased {pct}% during {fy} while the allowance for that portfolio declined. Please explain the reasons for this directional inconsistency.",
            "Tell us how you determine when a modified loan should be evaluated individually, and disclose the amount of loans evaluated on that basis.",
        ),
        subitems=(
            "the loss history period used for each portfolio segment;",
            "the reasonable and supportable forecast period and the reversion method;",
            "the economic variables that most influence the estimate.",
        ),
        followups=(
            "Please provide a roll-forward of the qualitative adjustment by portfolio segment for the last eight quarters.",
        ),
        answers=(
            "The Company respectfully advises the Staff that the decline in the allowance for commercial real estate loans reflects charge-offs of two collateral-dependent loans that had been fully reserved in prior periods. The remaining nonperforming loans are supported by recent appraisals that exceed their carrying amounts.",
            "Qualitative adjustments are reviewed each quarter by the credit committee and address factors not captured in the modeled loss rates, such as concentrations in office properties and changes in underwriting staff.",
        ),
        commitments=(
            "In future filings we will disclose the amount of the qualitative adjustment for each portfolio segment and describe the factors that changed during the period.",
        ),
    ),
    Topic(
        key="goodwill",
        headings_periodic=(
            ("Critical Accounting Estimates", "Goodwill and Intangible Assets, page {p}"),
            ("Item 8. Financial Statements and Supplementary Data", "Note {n}. Goodwill, page F-{fp}"),
        ),
        headings_registration=(("Critical Accounting Policies and Estimates", "Goodwill, page {p}"),),
        comments=(
            "Your market capitalization was below the carrying value of your equity for most of fiscal {fy}. Please tell us how you considered this in your goodwill impairment test and whether a triggering event occurred. Refer to {lit_goodwill}.",
            "For any reporting unit whose fair value did not substantially exceed its carrying value, please disclose the percentage by which fair value exceeded carrying value and the key assumptions used.",
            "Please tell us the reporting units to which goodwill is assigned and the amount of goodwill allocated to each.",
        ),
        subitems=(
            "the discount rates applied;",
            "the assumed long-term growth rates;",
            "how the assumptions compare with recent operating results.",
        ),
        followups=(
            "Please explain how the control premium you applied in reconciling the aggregate fair value of your reporting units to market capitalization was determined.",
        ),
        answers=(
            "The Company respectfully advises the Staff that it performed a quantitative impairment test as of the first day of the fourth quarter. The estimated fair value of each reporting unit exceeded its carrying value by more than 20%, and the reconciliation to market capitalization implied a control premium within the range observed in recent transactions in our industry.",
        ),
        commitments=(
            "In future filings we will identify any reporting unit at risk of failing the impairment test and disclose the headroom and the key assumptions for that unit.",
        ),
        subitems_fit=1,
    ),
    Topic(
        key="taxes",
        headings_periodic=(("Item 8. Financial Statements and Supplementary Data", "Note {n}. Income Taxes, page F-{fp}"),),
        headings_registration=(("Notes to Consolidated Financial Statements", "Income Taxes, page F-{fp}"),),
        comments=(
            "You released {amt} million of the valuation allowance on your domestic deferred tax assets in the fourth quarter. Please describe the positive and negative evidence you considered and why the release was appropriate in that period. Refer to {lit_taxes}.",
            "Please explain the significant reconciling items between your effective tax rate and the statutory rate, including the item labeled other, which exceeds five percent of the statutory amount.",
            "Please tell us the amount of undistributed earnings of foreign subsidiaries for which no deferred taxes have been provided.",
        ),
        subitems=(),
        followups=(
            "Your response cites forecasts of future taxable income. Please tell us how those forecasts compare with your results in the three most recent years.",
        ),
        answers=(
            "The Company respectfully advises the Staff that it reached cumulative pre-tax income over the preceding twelve quarters in the fourth quarter, and that management's forecasts, which are consistent with the budgets approved by the board of directors, support realization of the deferred tax assets before their expiration.",
        ),
        commitments=(
            "In future filings we will separately present any reconciling item that equals or exceeds five percent of the amount computed at the statutory rate.",
        ),
    ),
    Topic(
        key="fair_value",
        headings_periodic=(
            ("Item 8. Financial Statements and Supplementary Data", "Note {n}. Fair Value Measurements, page F-{fp}"),
        ),
        headings_registration=(("Notes to Consolidated Financial Statements", "Fair Value Measurements, page F-{fp}"),),
        comments=(
            "For your Level 3 measurements, please disclose quantitative information about the significant unobservable inputs, including the range and weighted average of each input. Refer to {lit_fair_value}.",
            "Please tell us why the investments transferred out of Level 3 during {fy} are now classified in Level 2, and what observable inputs became available.",
        ),
        subitems=(),
        followups=("Please tell us the pricing services you use and how you validate the prices they provide.",),
        answers=(
            "The Company respectfully advises the Staff that the transferred securities began trading on an active secondary market during the year, and broker quotes based on observed transactions became available for them.",
        ),
        commitments=(
            "We will expand our fair value disclosure in future filings to include the range and weighted average of each significant unobservable input.",
        ),
    ),
    Topic(
        key="risk",
        headings_periodic=(("Item 1A. Risk Factors", "Risks Related to Our Business, page {p}"),),
        headings_registration=(
            ("Risk Factors", "Risks Related to Our Business, page {p}"),
            ("Risk Factors", "Risks Related to This Offering, page {p}"),
        ),
        comments=(
            "Please revise this risk factor to describe the cybersecurity incident you experienced during {fy} rather than presenting the risk as hypothetical. Refer to {lit_risk}.",
            "Your risk factor discusses the concentration of your revenue among a few customers. Please disclose the percentage of revenue from your largest customer and the term of your agreement with that customer.",
            "Please add a risk factor addressing the exclusive forum provision in your charter, including whether it applies to claims under the Securities Act.",
            "Several risk factors are generic and could apply to any issuer. Please revise them to explain how each risk affects you specifically.",
        ),
        subitems=(),
        followups=(
            "Please further revise to state whether the incident had a material effect on your operations or financial condition.",
        ),
        answers=(
            "The Company respectfully advises the Staff that the incident was contained within two days, did not affect customer data and did not have a material effect on its operations.",
        ),
        commitments=(
            "We have revised the risk factor on page {p} of the amended filing to describe the incident and its consequences.",
            "In future filings we will revise the risk factor to disclose the percentage of revenue attributable to our largest customer.",
        ),
    ),
    Topic(
        key="acquisition",
        headings_periodic=(
            ("Item 8. Financial Statements and Supplementary Data", "Note {n}. Acquisitions, page F-{fp}"),
            ("Item 8. Financial Statements and Supplementary Data", "Note {n}. Business Combinations, page F-{fp}"),
        ),
        headings_registration=(
            ("Unaudited Pro Forma Condensed Combined Financial Information", "Note 3. Pro Forma Adjustments, page {p}"),
        ),
        comments=(
            "Please tell us how you evaluated the significance of your acquisition of {target} and whether financial statements of the acquired business are required under {lit_acquired}. Provide us with your significance calculations.",
            "Please disclose the primary factors that contributed to a purchase price resulting in goodwill, and describe the intangible assets acquired with their useful lives.",
            "Tell us how the contingent consideration payable to the former owners of {target} was valued and where subsequent changes in its fair value are recorded.",
        ),
        subitems=(
            "the investment test;",
            "the asset test;",
            "the income test.",
        ),
        followups=(
            "Your significance calculations use average income for the last five years. Please tell us why income averaging is appropriate in your circumstances.",
        ),
        answers=(
            "The Company respectfully advises the Staff that none of the significance tests exceeded 20 percent. The investment test result was 14.2 percent, the asset test result was 6.8 percent and the income test result was 11.5 percent.",
        ),
        commitments=(
            "We will expand our disclosure in future filings to describe the factors that contributed to goodwill and the useful life of each class of intangible assets acquired.",
        ),
    ),
    Topic(
        key="materiality",
        headings_periodic=(
            (
                "Item 8. Financial Statements and Supplementary Data",
                "Note 1. Revision of Previously Issued Financial Statements, page F-{fp}",
            ),
        ),
        headings_registration=(
            ("Notes to Consolidated Financial Statements", "Revision of Prior Period Financial Statements, page F-{fp}"),
        ),
        comments=(
            "You corrected an error in the classification of cash flows as an immaterial revision. Please provide us with your materiality analysis, addressing both quantitative and qualitative factors. Refer to {lit_materiality}.",
            "Please tell us how you considered whether the error identified in the fourth quarter indicates a material weakness in internal control over financial reporting.",
        ),
        subitems=(),
        followups=("Please tell us how management and the audit committee concluded on the severity of the control deficiency.",),
        answers=(
            "The Company respectfully advises the Staff that the misclassification did not change total cash flows, net income or any covenant calculation, and that it represented less than two percent of cash flows from operating activities in each affected period.",
        ),
        commitments=(
            "We will amend our Form 10-K to include a revised management's report on internal control over financial reporting.",
        ),
    ),
)
