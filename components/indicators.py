"""Every indicator the dashboard compares, declared once: id, label, unit, producer resource, method
note, and how its "then" and "latest" points are chosen.

Views build rows from these records (``indicator_id`` in every row) and render titles, takeaways
and notes from them; no view identifies an indicator by its English label or parses text back.
"Then" rules (components.asof): ``then_period`` — the last period that ended before the article
(2019; UN session 73), or at an earlier as-of date the last one then published; ``window`` — a
period of years up to that point against the years after the article; ``article`` — the article's
own figure (June 2020). "Latest" rules: ``last_period`` — the last period in the package;
``window`` — the years after the article; ``none`` — no later figure exists in the package.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from components import membership, record_aiddata, record_arms, record_trade, record_unga


@dataclass(frozen=True)
class Indicator:
    id: str
    label: str
    unit: str
    resource: str
    method: str
    then: str = "then_period"
    latest: str = "last_period"
    # The caveat that changes how the figures read: said in the chart's title itself (or the table's
    # line), never only in a caption below it.
    caveat: str = ""


_ARTICLE = "The article's own figure, with its endnote and verbatim quote."
_NONE = "The package holds no series for this camp here; not a zero."

INDICATORS = MappingProxyType({i.id: i for i in (
    Indicator("trade_total_share", "Share of Serbia's total trade", "%", "imf_dots_serbia_trade",
              record_trade.DOTS_METHOD_NOTE),
    Indicator("trade_export_share", "Share of Serbia's exports", "%", "imf_dots_serbia_trade",
              record_trade.DOTS_METHOD_NOTE),
    Indicator("trade_mirror_usd", "Partner's own exports to Serbia (mirror statistic, USD, nominal)",
              "USD million, nominal", "imf_dots_serbia_trade", record_trade.DOTS_METHOD_NOTE,
              caveat="current US dollars, not adjusted for inflation"),
    Indicator("trade_mirror_eur", "EU27 exports to Serbia (mirror statistic, EUR, nominal)", "EUR million, nominal",
              "eurostat_eu27_exports_to_serbia", record_trade.EU27_EXPORTS_METHOD_NOTE,
              caveat="current euros, not adjusted for inflation; another currency and other years than the USD "
                     "mirror rows, so not comparable with them"),
    Indicator("trade_article_share", "Share of Serbia's total trade, as the article gives it", "%", "trade_shares",
              _ARTICLE, then="article", latest="none"),
    Indicator("gas_share_russia", "Share of Serbia's gas imports reported as from Russia", "%",
              "eurostat_serbia_gas_imports", record_trade.GAS_METHOD_NOTE,
              caveat="the partner is the country Serbia reports, which can be the transit country, so a fall "
                     "need not mean less Russian gas"),
    Indicator("gas_share_other", "Share of Serbia's gas imports", "%", "eurostat_serbia_gas_imports", _NONE,
              then="none", latest="none"),
    Indicator("arms_share", "Share of arms delivered to Serbia (SIPRI TIV)", "%", "sipri_arms_transfers",
              record_arms.DELIVERIES_METHOD, then="window", latest="window"),
    Indicator("arms_tiv", "Arms delivered to Serbia (SIPRI TIV)", "million TIV", "sipri_arms_transfers",
              record_arms.DELIVERIES_METHOD, then="window", latest="window"),
    Indicator("china_finance", "Chinese official finance committed (AidData)",
              "USD million a year (2021 prices)", "aiddata_chinese_finance", record_aiddata.METHOD_NOTE,
              then="window", latest="window"),
    Indicator("article_china_finance", "Chinese finance (the article)", "billion USD", "chinese_finance", _ARTICLE,
              then="article", latest="none"),
    Indicator("finance_other", "Finance committed or invested", "USD million", "aiddata_chinese_finance", _NONE,
              then="none", latest="none"),
    Indicator("unga_agreement", "UN General Assembly votes in agreement", "%", "unga_voting_agreement",
              record_unga.METHOD_NOTE),
    Indicator("gestures", "Public gestures towards the partner's pandemic aid, as the article reports them",
              "gestures", "aid_gestures", _ARTICLE, then="article", latest="none"),
)})


def indicator(indicator_id: str) -> Indicator:
    """The record of ``indicator_id`` (KeyError for an unknown id: a typo must not pass)."""
    return INDICATORS[indicator_id]


# --- the Region page: Serbia beside its neighbours, one record per indicator with its measures -------

DOTS_REGION, DOTS_SERBIA = "imf_dots_region_trade", "imf_dots_serbia_trade"
EU_EXPORTS = "eurostat_eu27_exports_to_serbia"
STATUS_RESOURCES = (membership.MILESTONES_RESOURCE, membership.ACCESSIONS_RESOURCE)


@dataclass(frozen=True)
class RegionIndicator:
    """One indicator of the Region page, declared once: its key, label, unit, resources, how it is read,
    and its measures as (measure, heading, partner code for the filter, toward: +1 when a higher
    value leans toward Russia or China, -1 when a lower one does)."""

    key: str
    label: str
    unit: str
    resources: tuple[str, ...]
    reading: str  # "share-based" or "absolute, not per capita: ..." (said in the note)
    method: str
    measures: tuple[tuple[str, str, str, int, str], ...]  # ..., and a short name for the summary's title


TRADE = RegionIndicator("trade", "Trade", "% of the country's total trade", (DOTS_SERBIA, DOTS_REGION),
                  "share-based: each country's trade with the partner as a share of its own trade with the World",
                  record_trade.REGION_METHOD_NOTE,
                  (("EU", "Total trade with the EU27", "EU", -1, "trade with the EU"),
                   ("RUS", "Total trade with Russia", "RUS", 1, "trade with Russia"),
                   ("CHN", "Total trade with China", "CHN", 1, "trade with China")))
UNGA = RegionIndicator("unga", "UN General Assembly votes", "% of votes in agreement", (record_unga.RESOURCE,),
                 "share-based: the share of a session's recorded votes", record_unga.METHOD_NOTE,
                 (("USA", "Votes in agreement with the US", "USA", -1, "UN votes with the US"),
                  ("RUS", "Votes in agreement with Russia", "RUS", 1, "UN votes with Russia"),
                  ("CHN", "Votes in agreement with China", "CHN", 1, "UN votes with China")))
ARMS = RegionIndicator("arms", "Arms delivered", "% of TIV delivered in the period", (record_arms.RESOURCE,),
                 "share-based: each supplier camp's share of the TIV the country received in the period",
                 record_arms.DELIVERIES_METHOD,
                 (("West", "Arms delivered from the West", "WEST", -1, "arms from the West"),
                  ("Russia", "Arms delivered from Russia", "RUS", 1, "arms from Russia"),
                  ("China", "Arms delivered from China", "CHN", 1, "arms from China")))
FINANCE = RegionIndicator("finance", "Chinese official finance", "USD m a year (2021 prices)",
                    (record_aiddata.RESOURCE,),
                    "absolute, not per capita: the package holds no population figures, so a larger country "
                    "can receive more for its size alone", record_aiddata.METHOD_NOTE,
                    (("CHN", "Chinese official finance committed", "CHN", 1, "Chinese finance"),))
EU_EXPORTS_INDICATOR = RegionIndicator("eu_exports", "EU27 exports (Comext)", "EUR million", (EU_EXPORTS,),
                                 "absolute (the package's extract holds Serbia only)",
                                 record_trade.EU27_EXPORTS_METHOD_NOTE,
                                 (("EU", "EU27 exports to the country", "EU", -1, "EU27 exports"),))
STATUS = RegionIndicator("status", "NATO and EU status", "stage", STATUS_RESOURCES, "a status, not a number",
                   "Status on the day from the dated milestones (NATO membership and Partnership for Peace; the EU "
                   "application, candidate status, the opening of negotiations, accession). Applicant and candidate "
                   "are different stages.", (("NATO", "NATO", "NATO", 0, "NATO"), ("EU", "EU", "EU", 0, "EU")))
REGION_INDICATORS = (TRADE, UNGA, ARMS, FINANCE, EU_EXPORTS_INDICATOR, STATUS)
