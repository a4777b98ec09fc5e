"""Short news stories written for the tests (invented places and people)."""

from __future__ import annotations

#: A short wire story of our own, in paragraphs, used to build copies in unit tests.
STORY = [
    "LINDHOLM, Varnia (MP) — Firefighters in the harbour town of Lindholm brought a warehouse "
    "blaze under control early on Thursday after a night in which 62 residents were moved from "
    "nearby streets, the town's fire chief said.",
    "Chief Officer Marta Kelde said the fire started shortly after 11 p.m. in a storage hall used "
    "by a furniture importer and spread to a second building before crews could contain it.",
    "\"We had flames forty metres high at one point, and the wind was pushing them towards the "
    "old quarter,\" Kelde told reporters at the scene. \"Our crews held the line.\"",
    "No one was injured, but two firefighters were treated for smoke inhalation, the regional "
    "health service said in a statement on Thursday morning.",
    "The harbour authority closed the northern quay to shipping until at least Saturday while "
    "engineers inspect a crane that stood beside the burning hall.",
    "Investigators from the regional police have opened an inquiry into the cause of the fire, "
    "which the owner estimated had destroyed goods worth about 3.4 million crowns.",
    "Residents of Ankerstraat and two neighbouring streets were allowed back into their homes "
    "shortly before dawn after air quality tests showed no danger, the town council said.",
    "Mayor Johan Pedersoll thanked volunteers who opened a school gym for evacuated families "
    "and said the council would review fire safety rules for the harbour district.",
]

#: A second, unrelated story of our own.
OTHER = [
    "TARVIK, Varnia (MP) — The national orchestra of Varnia will tour eleven cities next spring, "
    "its director announced on Monday, the first such tour since the concert hall reopened.",
    "Director Ilona Saarem said the programme would pair symphonies by local composers with "
    "works commissioned from young musicians chosen in a competition last autumn.",
    "Tickets go on sale in January, and the orchestra will offer free seats to students under "
    "twenty in every city, a spokeswoman said.",
    "The tour opens in Tarvik on March 4 and closes in the capital in late May, with a final "
    "concert to be broadcast on national radio.",
]


def text(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs) + "\n"
