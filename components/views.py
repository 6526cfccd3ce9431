"""Everything a page shows that takes real computing, as one pure function per page.

Each function takes the resolved partner selection and returns plain values (tables, titles,
figures). ``widgets.view`` memoises them per selection and data version, so a page run only
lays out what was computed once. No Streamlit here.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from components import charts, data, scorecard, theme
from components.downloads import to_safe_csv
from components.filters import filter_by_partner, filter_links

Selection = frozenset[str] | None
OVERVIEW_TABLES = ("trade_shares", "military_exercises", "military_donors", "chinese_finance", "pandemic_aid",
                   "aid_gestures", "soft_power", "findings")


def add_downloads(model: dict[str, Any]) -> dict[str, Any]:
    """Give every section with ``rows`` its CSV download bytes, computed once with the view.

    Hashing DataFrames to cache their CSV on every page run cost a third of the server's time
    under load; the view is already memoised, so its downloads are built with it.
    """
    for section in model.values():
        if isinstance(section, dict) and isinstance(section.get("rows"), pd.DataFrame) and "csv" not in section:
            section["csv"] = to_safe_csv(section["rows"])
    return model


def lookups() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(short names, colours, camps) by partner code."""
    partners = data.load_table("partners")
    codes = partners["code"]
    return dict(zip(codes, partners["short_name"])), theme.colour_map(partners), dict(zip(codes, partners["camp"]))


def overview(selection: Selection) -> dict[str, Any]:
    """Thesis, headline numbers, head-to-head figure and scorecard for the selection."""
    names, colours, camps = lookups()
    loaded = {name: data.load_table(name) for name in OVERVIEW_TABLES}
    shown = {name: filter_by_partner(frame, selection) for name, frame in loaded.items()}
    metrics = scorecard.head_to_head(shown)
    return {
        "thesis": loaded["findings"].query("finding_id == 'thesis'").iloc[0]["quote"],
        "headlines": scorecard.headlines(shown, names),
        "head_to_head": _section(metrics, lambda rows: charts.scorecard_chart(
            rows, scorecard.head_to_head_title(rows, camps, names), colours, names)),
        "scorecard": {"rows": scorecard.scorecard(scorecard.evidence(shown, names), camps)},
    }


def _exercises_section(exercises, names, colours) -> dict[str, Any] | None:
    if exercises.empty:
        return None
    rows = exercises.assign(value=exercises["exercises"].astype(float))
    title = "Military exercises in 2019: " + ", ".join(f"{r.value:.0f} with {names[r.partner]}" for r in rows.itertuples())
    return {"rows": exercises, "figure": charts.bar_chart(rows, title, names, colours)}


def _donors_section(shown, all_donors, names, colours) -> dict[str, Any] | None:
    if shown.empty:
        return None
    top = shown.sort_values("rank").iloc[0]
    title = f"Military donors 2008–2018: {names[top.partner]} ranks {top['rank']}"
    if "RUS" in set(shown["partner"]) and top.partner != "RUS":
        title += f", Russia only {int(shown.loc[shown['partner'] == 'RUS', 'rank'].iloc[0])}"
    figure = charts.rank_ladder_chart(shown, title, names, colours, max_rank=int(all_donors["rank"].max()),
                                      named_ranks=set(all_donors["rank"]))
    return {"rows": shown, "figure": figure}


def _deals_table(deals, names):
    values = [charts.fmt(r.value) + f" {r.unit}" if r.value == r.value else "not stated in the article"
              for r in deals.itertuples()]
    values = [f"{q} {v}" if isinstance(q, str) and v[0].isdigit() else v for q, v in zip(deals["qualifier"], values)]
    table = deals.assign(partner=deals["partner"].map(names), value=values,
                         year=deals["year"].astype("string").fillna("not stated"))
    return table[["system", "measure", "partner", "deal_type", "year", "value", "endnote"]]


def _orders_section(orders, all_orders, names, colours) -> dict[str, Any] | None:
    if orders.empty:
        return None
    grouped = charts.top_groups(orders, "partner", "tiv_ordered").assign(after_publication=lambda f: f["year"] > 2020)
    figure = charts.stacked_year_chart(grouped, charts.arms_orders_title(orders, all_orders, names), group="partner",
                                       value_column="tiv_ordered", unit="million TIV",
                                       colours={**colours, charts.OTHERS: "#BBBBBB"},
                                       names={**names, charts.OTHERS: "Other suppliers"})
    return {"rows": grouped, "figure": figure}


def security(selection: Selection) -> dict[str, Any]:
    """Exercises, donor ranks, arms deals and SIPRI orders for the selection."""
    names, colours, _ = lookups()
    partners = data.load_table("partners")
    donors, deals = data.load_table("military_donors"), data.load_table("arms_deals")
    sipri_codes = {n: c for c, n in zip(partners["code"], partners["sipri_name"]) if isinstance(n, str)}
    all_orders = charts.arms_orders(data.load_table("sipri_arms_transfers"), sipri_codes)
    orders = filter_by_partner(all_orders, selection)
    shown_deals = filter_by_partner(deals, selection)
    return {
        "exercises": _exercises_section(filter_by_partner(data.load_table("military_exercises"), selection), names, colours),
        "donors": _donors_section(filter_by_partner(donors, selection), donors, names, colours),
        "deals": None if shown_deals.empty else {"rows": shown_deals, "table": _deals_table(shown_deals, names)},
        "orders": _orders_section(orders, all_orders, names, colours),
    }


def _section(rows, figure_builder) -> dict[str, Any] | None:
    """{"rows", "figure"} for non-empty rows; None tells the page to explain the empty selection."""
    return None if rows.empty else {"rows": rows, "figure": figure_builder(rows)}


def trade(selection: Selection) -> dict[str, Any]:
    """EU vs Russia/EAEU shares (article) and Factbook import partners (external)."""
    names, colours, _ = lookups()
    partners = data.load_table("partners")
    shares = filter_by_partner(data.load_table("trade_shares"), selection)
    factbook = data.load_table("factbook_trade_partners")
    codes = {name: code for code, name in zip(partners["code"], partners["factbook_name"]) if isinstance(name, str)}
    imports = factbook[factbook["flow"] == "imports"].assign(partner=lambda f: f["partner_std"].map(codes))
    imports = filter_by_partner(imports.dropna(subset=["partner"]), selection)
    if not imports.empty:
        imports = charts.focus_partners(imports, "share_pct")[
            ["data_year", "partner", "partner_std", "rank", "share_pct", "source_text"]].sort_values(["partner", "data_year"])
    return {
        "shares": _section(shares, lambda rows: charts.trade_share_chart(rows, names, colours)),
        "imports": _section(imports, lambda rows: charts.line_chart(
            rows, charts.factbook_title(rows, names), x="data_year", value_column="share_pct", unit="%",
            colours=colours, names=names)),
    }


AIDDATA_FLOWS = {"oof_amt": "Loans and other official flows", "oda_amt": "Aid (ODA-like)", "vof_amt": "Unclear class"}
AIDDATA_COLOURS = {"Loans and other official flows": "#E69F00", "Aid (ODA-like)": "#F5D08A", "Unclear class": "#999999"}
SERBIA_GWCODE = 340


def _aiddata_title(flows) -> str:
    upto = flows[flows["year"] <= 2019]["usd_million"].sum() / 1000
    return f"AidData records USD {upto:.1f} billion (2021 prices) of Chinese official finance to Serbia 2000–2019"


def china(selection: Selection) -> dict[str, Any]:
    """Article totals, AidData commitments by year, and the findings about China."""
    names, colours, _ = lookups()
    finance = filter_by_partner(data.load_table("chinese_finance"), selection)
    aiddata = data.load_table("aiddata_chinese_finance")
    serbia = aiddata[aiddata["gwcode"] == SERBIA_GWCODE]
    flows = serbia.melt(id_vars="year", value_vars=list(AIDDATA_FLOWS), var_name="flow", value_name="usd")
    flows = flows.assign(partner="CHN", usd_million=flows["usd"] / 1e6, flow=flows["flow"].map(AIDDATA_FLOWS))
    flows = filter_by_partner(flows, selection).sort_values(["year", "flow"])
    findings = data.load_table("findings")
    return {
        "finance": _section(finance, lambda rows: charts.bar_chart(
            rows, f"Serbia received over USD {charts.fmt(rows['value'].sum())} billion from China in investment "
                  "and loans (as of June 2020)", names, colours, label_column="label")),
        "aiddata": _section(flows[["year", "partner", "flow", "usd_million", "usd"]], lambda rows: charts.stacked_year_chart(
            rows, _aiddata_title(rows), group="flow", value_column="usd_million", unit="million USD (2021)",
            colours=AIDDATA_COLOURS, names={}, partner_groups=False)),
        "findings": filter_by_partner(findings[findings["partner"] == "CHN"], selection),
    }


def kosovo(selection: Selection) -> dict[str, Any]:
    """All dated events (one row per event and partner), the events table, diplomacy findings."""
    names, colours, _ = lookups()
    event_partners = data.load_table("event_partners")
    involvement = filter_by_partner(data.load_table("timeline").merge(event_partners, on="event_id",
                                                                       validate="one_to_many"), selection)
    findings = data.load_table("findings")
    result: dict[str, Any] = {"timeline": None, "events": None,
                              "findings": filter_by_partner(findings[findings["dimension"] == "diplomacy"], selection)}
    if involvement.empty:
        return result
    # One row per event; `partner` lists every partner involved ("RUS;UKR"), so the download
    # holds what the table shows.
    codes = event_partners.groupby("event_id")["partner"].agg(";".join)
    events = (involvement.drop_duplicates("event_id").sort_values(["date", "event_id"])
              .assign(partner=lambda f: f["event_id"].map(codes)))
    derived = int(events["date_derived"].fillna(False).sum())
    one = derived == 1
    note = (f"{derived} of the {len(events)} events shown {'is' if one else 'are'} not dated by the article itself; "
            f"{'its date is' if one else 'their dates are'} derived, inferred from context "
            "(see “Date derived” in the table below)." if derived
            else "Every event shown is dated by the article itself.")
    involved = events["partner"].map(lambda joined: ", ".join(names.get(c, c) for c in joined.split(";")))
    result["timeline"] = {"rows": involvement, "note": note,
                          "figure": charts.timeline_chart(involvement, names, colours)}
    result["events"] = {"rows": events, "table": pd.DataFrame({
        "Date": events["date"].dt.strftime("%Y-%m").where(events["date_precision"] == "month", events["date"].dt.strftime("%Y")),
        "As written": events["date_as_written"].fillna("not dated in the article"),
        "Event": events["event"], "Partners involved": involved,
        "Endnote": events["endnote"].astype("string").fillna("none"),
        "Date derived": events["date_derived"], "How the date was derived": events["date_derivation"]})}
    return result


DELIVERIES = {"military_planes": "Military planes", "medical_equipment_units": "Equipment units",
              "army_medics": "Army medics", "facilities_disinfected": "Facilities",
              "cities_disinfected": "Cities"}
ITALY_MEASURES = {"military_planes": "Planes sent",
                  "planes_per_serbia_size": "Planes adjusted for size, Serbia = 1 (derived)"}
NIS_PREFIX = "nis_donation_"


def _donors(rows, names) -> str:
    return " and ".join(names.get(p, p) for p in rows["partner"].unique())


def _deliveries_title(rows, names) -> str:
    by_indicator = rows.set_index("indicator")
    if {"military_planes", "army_medics"} <= set(by_indicator.index):
        planes, medics = by_indicator.loc["military_planes"], by_indicator.loc["army_medics"]
        return (f"{_donors(rows, names)} sent Serbia {charts.hedged(planes['value'], planes['qualifier'], 'military planes')}"
                f" and {charts.hedged(medics['value'], medics['qualifier'], 'army medics')} in spring 2020")
    return f"What {_donors(rows, names)} delivered to Serbia in 2020"


def _italy_title(rows, names, recipient_names) -> str:
    per_size = rows[rows["indicator"] == "planes_per_serbia_size"].set_index("recipient")["value"].dropna()
    if {"SRB", "ITA"} <= set(per_size.index):
        return (f"Adjusted for size, Serbia got about {per_size['SRB'] / per_size['ITA']:.0f}× as many aid planes "
                f"from {_donors(rows, names)} as Italy ({charts.fmt(per_size['SRB'])} vs {charts.fmt(per_size['ITA'])})")
    places = " and ".join(recipient_names.get(r, r) for r in rows["recipient"].unique())
    return f"Aid planes from {_donors(rows, names)} to {places}"


def _nis_title(rows) -> str:
    largest = list(rows.loc[rows["value"] == rows["value"].max(), "item"].str.lower())
    items = ", ".join(largest[:-1]) + " and " + largest[-1] if len(largest) > 1 else largest[0]
    each = "each " if len(largest) > 1 else ""
    return f"{items.capitalize()}: {charts.fmt(rows['value'].max())} {each}were the largest items the Niš centre gave"


def _italy_note(aid, rows, recipient_names) -> str:
    size = aid[aid["indicator"] == "size_relative_to_serbia"]
    notes = [f"{recipient_names.get(r.partner, r.partner)} is “{r.value_in_text}” of Serbia (endnote {r.endnote})."
             for r in size.itertuples()]
    return " ".join(notes + [f"Derived: {d}." for d in rows["derivation"].dropna().unique()])


def _gestures(gestures, names) -> dict[str, Any] | None:
    if gestures.empty:
        return None
    greetings = gestures[gestures["gesture"].str.startswith("Greeted")]
    greeted = [f"{names.get(g.partner, g.partner)}'s aid was greeted by {g.by_whom}" for g in greetings.itertuples()]
    # Rows where the question does not apply (billboards) have no value and are not counted.
    in_person = gestures.dropna(subset=["vucic_in_person"]).groupby("partner", sort=False)["vucic_in_person"]
    counts = [f"{names.get(p, p)} {int(c.sum())} of {len(c)}" for p, c in in_person]
    takeaway = ("; ".join(greeted) + ". " if greeted else "") + "Gestures Vučić made in person: " + ", ".join(counts) + "."
    table = {"Partner": gestures["partner"].map(lambda p: names.get(p, p)), "Gesture": gestures["gesture"],
             "By whom": gestures["by_whom"].fillna("not stated"),
             "Vučić in person": gestures["vucic_in_person"].map({True: "Yes", False: "No"}).astype("string").fillna("—"),
             "When": gestures["date_as_written"].fillna("not stated"), "Endnote": gestures["endnote"]}
    return {"rows": gestures, "takeaway": takeaway, "table": pd.DataFrame(table)}


def pandemic(selection: Selection) -> dict[str, Any]:
    """Russia's deliveries, the Italy comparison, the Niš items, the gestures, the findings."""
    names, colours, _ = lookups()
    recipient_names = {**names, "SRB": "Serbia"}
    aid = filter_links(data.load_table("pandemic_aid"), selection, ("partner", "recipient"))
    delivered = aid[(aid["recipient"] == "SRB") & aid["indicator"].isin(DELIVERIES)]
    delivered = delivered.assign(short_label=delivered["indicator"].map(DELIVERIES))
    italy = aid[aid["indicator"].isin(ITALY_MEASURES) & aid["recipient"].isin(["SRB", "ITA"])]
    italy = italy.assign(measure=italy["indicator"].map(ITALY_MEASURES))
    nis = aid[aid["indicator"].str.startswith(NIS_PREFIX)]
    nis = nis.assign(item=nis["label"].str.split(": ").str[-1].str.capitalize())
    findings = data.load_table("findings")
    return {
        "deliveries": None if delivered.empty else {"rows": delivered, "title": _deliveries_title(delivered, names)},
        "italy": _section(italy, lambda rows: charts.grouped_bar_chart(
            rows, _italy_title(rows, names, recipient_names), x="measure", group="recipient", colours=colours, names=recipient_names)),
        "italy_note": _italy_note(aid, italy, recipient_names),
        "nis": _section(nis, lambda rows: charts.bar_chart(rows, _nis_title(rows), names, colours, label_column="item")),
        "gestures": _gestures(filter_by_partner(data.load_table("aid_gestures"), selection), names),
        "findings": filter_by_partner(findings[findings["dimension"] == "pandemic"], selection),
    }


ORDINALS = {1: "most popular", 2: "second most popular", 3: "third most popular"}


def _leaders_title(ranks) -> str:
    leaders = list(zip(ranks["person"], ranks["rank"]))
    first_name, first_rank = leaders[0]
    title = f"{first_name} is the {ORDINALS.get(first_rank, f'no. {first_rank}')} foreign leader in Serbia"
    if first_rank == 1 and len(leaders) > 1 and leaders[1][1] == 2:
        title += f", followed by {leaders[1][0]}"
    return title


def soft_power(selection: Selection) -> dict[str, Any]:
    """The crowd at Putin's visit, the leader ranking, belief vs reality, other findings."""
    names, colours, _ = lookups()
    everything = data.load_table("soft_power")
    shown = filter_by_partner(everything, selection)
    all_ranks = everything[everything["indicator"] == "foreign_leader_popularity_rank"]["value"].astype(int)
    ranks = shown[shown["indicator"] == "foreign_leader_popularity_rank"].sort_values("value")
    ranks = ranks.assign(rank=ranks["value"].astype(int))
    findings = filter_by_partner(data.load_table("findings"), selection)
    soft = findings[findings["dimension"] == "soft_power"]
    # Ranks held by filtered-out partners are left blank, not marked "not named".
    return {
        "crowd": shown[shown["indicator"] == "crowd_at_putin_visit"].dropna(subset=["value"]),
        "leaders": _section(ranks, lambda rows: charts.rank_ladder_chart(
            rows, _leaders_title(rows), names, colours, max_rank=int(all_ranks.max()),
            named_ranks=set(all_ranks), label_column="person")),
        "belief": soft[soft["finding_id"] == "donor_belief_vs_reality"],
        "other_findings": soft[soft["finding_id"] != "donor_belief_vs_reality"],
    }


def _schema(resource: dict[str, Any]) -> pd.DataFrame:
    return pd.DataFrame([{"column": f["name"], "type": f["type"], "unit": f.get("unit", ""),
                          "valid values": data.expectation(f), "description": f.get("description", "")}
                         for f in resource["schema"]["fields"]])


def _licence_title(licence: dict[str, Any]) -> str:
    return licence.get("title", licence.get("name", ""))


def sources(selection: Selection) -> dict[str, Any]:
    """Every table: description, source, licence, schema, and its rows for the selection (or its error)."""
    package = data.package()
    tables = []
    for resource in package["resources"]:
        entry = {"resource": resource, "schema": _schema(resource), "rows": None, "csv": b"", "error": None}
        try:
            table = data.load_table(resource["name"])
        except data.DataError as error:
            entry["error"] = str(error)
        else:
            columns = [c for c in ("partner", "recipient") if c in table.columns]
            entry["rows"] = filter_links(table, selection, columns) if columns else table
            entry["csv"] = to_safe_csv(entry["rows"])
        tables.append(entry)
    catalogue = pd.DataFrame([{
        "table": t["resource"]["title"], "file": t["resource"]["path"],
        "rows shown": None if t["rows"] is None else len(t["rows"]),
        "status": "invalid: see below" if t["error"] else "valid",
        "source": data.resource_sources(t["resource"]["name"])[0]["title"],
        "licence": _licence_title(data.resource_licenses(t["resource"]["name"])[0]),
    } for t in tables])
    return {"package": package, "tables": tables, "catalogue": catalogue}
