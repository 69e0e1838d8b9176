"""The words of the demo council's example commissioning (`commissioning_demo`): its grant round and
contract, the answers of the example bids, the example assessor's comments and the decisions' reasons.

They are the demonstration's own. None of them is what a real council decided or an organisation said:
each bid's answer says it is an example, and every page that shows them marks them as examples.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

# Westminster's wards (May 2025), split into the north and the south of the borough for the contract's lots.
NORTH = (
    "E05013792", "E05013793", "E05013794", "E05013795", "E05013798", "E05013799", "E05013800",
    "E05013804", "E05013805", "E05013809",
)  # fmt: skip
SOUTH = (
    "E05013796",
    "E05013797",
    "E05013801",
    "E05013802",
    "E05013803",
    "E05013806",
    "E05013807",
    "E05013808",
)

GRANT_CRITERIA = [
    {"name": "Meets a local need", "weight": 35, "guidance": "Who needs it, and how you know."},
    {"name": "Reaches older people who are most alone", "weight": 25,
     "guidance": "How you will find people who do not come to groups now."},
    {"name": "The difference it will make", "weight": 25,
     "guidance": "What will change, and how you will know."},
    {"name": "Value for money", "weight": 15, "guidance": "What the money pays for, line by line."},
]  # fmt: skip
CONTRACT_CRITERIA = [
    {"name": "Quality of the service", "weight": 50, "guidance": "How you will run it, week by week."},
    {"name": "Local knowledge and reach", "weight": 30, "guidance": "Who you know, and who knows you."},
    {"name": "Value for money", "weight": 20, "guidance": "The price, and what it covers."},
]

GRANT_ROUND: dict[str, Any] = {
    "kind": "grant", "route": "strategic",
    "route_reason": "Older people's groups know best what keeps their members warm and in touch. A grant "
                    "lets each group shape its own work; a contract would fix one service for everyone.",
    "title": "Warm and connected: small grants for older people's groups",
    "summary": "Small grants for local groups that help older people stay warm, eat well and keep in touch.",
    "specification": "We fund groups that run lunch clubs, warm spaces, phone rounds, home visits or trips "
                     "out for older people who live alone or rarely leave home. Groups may apply alone or "
                     "together. Tell us who you reach now, what you would do with the grant, and how you "
                     "would know it helped.",
    "outcomes": "Fewer older people feel lonely. More of them eat a hot meal with others each week. More "
                "know where to get help with heating and bills.",
    "eligibility": "Charities and community groups working with older people in Westminster. Small groups "
                   "(under £100,000 a year) are welcome, alone or together.",
    "value": Decimal("60000.00"), "duration_months": 36, "criteria": GRANT_CRITERIA,
}  # fmt: skip
GRANT_OVER_WARNINGS = "The words the checker found were read; those left are the plainest for what is meant."

CONTRACT: dict[str, Any] = {
    "kind": "contract", "route": "procurement",
    "route_reason": "The service is set out in detail, to one standard across the borough, and is bought in "
                    "an open competition.",
    "title": "Lunch clubs and befriending for older people",
    "summary": "Weekly lunch clubs and befriending for older people who live alone, in two lots: the north "
               "and the south of the borough.",
    "specification": "In each lot, run at least three lunch clubs a week in community venues, with transport "
                     "for those who need it, and a befriending service that phones or visits each person "
                     "at least once a week. Tell us how you will find the people who are most alone, and how "
                     "you will work with their doctors and social workers.",
    "outcomes": "Fewer older people feel lonely. More of them eat well and stay well at home.",
    "eligibility": "Charities, community groups and social enterprises. Groups may bid together, one of "
                   "them leading.",
    "value": Decimal("450000.00"), "duration_months": 36, "criteria": CONTRACT_CRITERIA,
}  # fmt: skip
LOTS = (
    ("North of the borough", Decimal("250000.00"), NORTH,
     "Lunch clubs and befriending in the ten wards north of the Marylebone Road and Hyde Park."),
    ("South of the borough", Decimal("200000.00"), SOUTH,
     "Lunch clubs and befriending in the eight wards of Marylebone, the West End, Belgravia and Pimlico."),
)  # fmt: skip
CONTRACT_OVER_WARNINGS = (
    "Small groups can bid together: the lots follow the north and the south of the borough, and the "
    "consortium builder suggests partners for each."
)

_SAID = "Example answer, written for the demonstration: "
ANSWERS = {
    "need": "many older people here live alone, and some go days without talking to anyone. A hot meal in "
            "company and a regular call are what they ask for most.",
    "what": "a weekly lunch club in a community hall, a warm space on winter afternoons, and volunteers "
            "who phone or visit people at home between sessions.",
    "approach": "three lunch clubs a week in community halls, with a minibus for those who cannot walk "
                "there, and volunteer befrienders who phone or visit each person every week.",
    "who": "older people who live alone in the wards named in the bid, about sixty a year.",
    "outcomes": "fewer people feel lonely, and more eat a hot meal with others each week. People are asked "
                "how they feel when they start and again after six months.",
    "experience": "here a group says what similar work it has done before.",
    "partnership": "the lead runs the lunch clubs and holds the money; the partner runs the befriending. "
                   "They meet each month.",
    "budget": "staff, venues, food, transport and volunteers' expenses, with a fair share of overheads from "
              "the full cost calculator. The price is below the full cost: the partners would pay the "
              "difference from their own funds.",
    "risks": "volunteers leaving, a venue closing, or winter illness. Each risk has a named person and a "
             "plan.",
}  # fmt: skip
ANY_ANSWER = "here the bid answers the question."


def answer(key: str) -> str:
    """The demo's answer to a question of a bid's form, saying that it is an example."""
    return _SAID + ANSWERS.get(key, ANY_ANSWER)


# The example assessor's scores and comments for each bid (criterion → score, comment), and any moderation.
GRANT_SCORES = {
    "consortium": (
        (5, "A clear need, shown with what older people in the area have asked for."),
        (4, "Phone rounds reach people who do not come to groups."),
        (4, "Outcomes are asked about at the start and after six months."),
        (4, "Costs are clear, and shared fairly between the two groups."),
    ),
    "small": (
        (4, "A real need, well described."),
        (4, "Home visits reach people who rarely go out."),
        (3, "How the difference will be known is thin for a grant over three years."),
        (5, "A small grant that goes a long way."),
    ),
    "declined": (
        (3, "A need is described, but with little about who asks for it."),
        (2, "Says little about finding people who do not come to groups now."),
        (3, "Outcomes are named but not how they will be known."),
        (3, "The costs are not broken down."),
    ),
}
GRANT_MODERATION = {
    "declined": {"Value for money": (2, "Lowered at moderation: without a breakdown of costs, value for "
                                        "money could not be judged.")},
}  # fmt: skip
CONTRACT_SCORES = (
    (4, "A clear week-by-week plan, with transport for those who need it."),
    (5, "Two groups that between them know the south of the borough well."),
    (4, "The price is below the full cost the bid shows: the partners would subsidise the service."),
)
GRANT_FEEDBACK = {
    "consortium": "A strong bid: the two groups between them cover the whole borough.",
    "small": "A well-aimed bid. Agreeing how you will know the difference it makes, early on, would help.",
    "declined": "Thank you for your bid. It showed a need in your area. It scored less well on reaching "
                "the older people who are most alone: say how you would find people who do not come to "
                "groups now, through doctors, pharmacies or neighbours, for example. The costs were not "
                "broken down, so value for money was hard to judge: a simple budget, line by line, would "
                "help. A bid to the next round would be welcome.",
}  # fmt: skip
ROLES = {
    "grant_lead": "Lead: lunch clubs and warm spaces in the north, and the grant's money",
    "grant_partner": "Phone rounds and home visits in the south",
    "contract_lead": "Lead: the lunch clubs, and the contract",
    "contract_partner": "Befriending by phone and home visits",
}
# The first return of the consortium's grant: what happened, spend, people reached and indicators.
FIRST_RETURN: dict[str, Any] = {
    "narrative": "Example return, written for the demonstration: the lunch club met every week, the warm "
                 "space opened on winter afternoons, and volunteers phoned or visited people between "
                 "sessions.",
    "spend": Decimal("8120.50"),
    "beneficiaries": 64,
    "volunteers": 14,
    "volunteer_hours": Decimal("420"),
    "ward_beneficiaries": {NORTH[0]: 20, NORTH[1]: 14, SOUTH[0]: 18, SOUTH[1]: 12},
    "indicators": [
        {"name": "Lunch club sessions held", "value": "26", "unit": "sessions"},
        {"name": "Calls and visits by volunteers", "value": "310", "unit": "calls and visits"},
        {"name": "People who say they feel less alone", "value": "38", "unit": "people"},
    ],
}  # fmt: skip
# The contract consortium's full cost, by the NPC/ACEVO method: £172,000 of direct costs; premises
# £45,000 × 3/12 FTE, central functions £54,000 × 390/1,560 staff days, governance £18,000 and fundraising
# £6,000 each × £172,000 of £688,000 spent: £30,750 of overheads, a full cost of £202,750.
DIRECT_COSTS = Decimal(172_000)
OVERHEADS = {
    "premises_and_office": Decimal(45_000), "central_functions": Decimal(54_000),
    "governance_and_strategic_development": Decimal(18_000), "general_fundraising": Decimal(6_000),
}  # fmt: skip
MEASURES = {
    "headcount": (Decimal(12), Decimal(3)),
    "staff_time": (Decimal(1_560), Decimal(390)),
    "expenditure": (Decimal(688_000), DIRECT_COSTS),
}


# An earlier grant round, two years into its three: four small groups funded alone, each reporting every
# six months. Its returns count people reached by ward, volunteers and their hours, and three of the
# measures of the outcomes framework's starter set (`data/outcomes/starter_framework.csv`), by name.
EARLIER_ROUND: dict[str, Any] = {
    "kind": "grant", "route": "strategic",
    "route_reason": "Neighbourhood groups know who is on their own. A grant lets each find and support them "
                    "in its own way.",
    "title": "Good neighbours: grants for groups that keep older people company",
    "summary": "Three-year grants for neighbourhood groups that visit, phone and bring together older people "
               "who live alone.",
    "specification": "We fund groups that keep older people company and help them stay well at home: visits, "
                     "phone calls, lunch clubs and help to get to appointments. Tell us who you reach now "
                     "and how you would know it helped.",
    "outcomes": "Older people live independently for longer, and feel less alone.",
    "eligibility": "Charities and community groups in Westminster with an income under £100,000 a year.",
    "value": Decimal("168000.00"), "duration_months": 36, "criteria": GRANT_CRITERIA,
}  # fmt: skip
EARLIER_PRICES = (Decimal("54000.00"), Decimal("45000.00"), Decimal("39000.00"), Decimal("30000.00"))
EARLIER_FEEDBACK = (
    "Funded. We look forward to hearing how your visits and calls help people stay well at home."
)
EARLIER_NARRATIVE = (
    "Example return, written for the demonstration: volunteers visited and phoned people who live alone, "
    "the weekly lunch club met, and two people were helped home from hospital with a visit the next day."
)
# The measures the earlier round's returns give, as the starter set names them, and each one's share of
# the people reached in the period.
EARLIER_MEASURES = (
    ("People supported to keep living at home", Decimal("0.45"), "people"),
    ("Unplanned hospital admissions avoided", Decimal("0.05"), "people"),
    ("People taking part in groups and activities", Decimal("0.7"), "people"),
)
