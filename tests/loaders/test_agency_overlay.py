"""The user's own authority files laid over the shipped one: replace by key, add, and refuse what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders import ReferenceData
from loaders.agencies import AgencyRegistry
from loaders.authority_file import AUTHORITY_COLUMNS, AuthorityFileError
from loaders.gazetteer import Gazetteer
from ontology import data_path

HEADER = ",".join(AUTHORITY_COLUMNS)
SHIPPED = data_path("agencies.csv")


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.default()


def _csv(tmp_path: Path, text: str, name: str = "mine.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _shipped_line(key: str) -> int:
    lines = SHIPPED.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(key + ","))


def test_a_row_with_a_shipped_key_replaces_that_body(tmp_path: Path, gazetteer: Gazetteer) -> None:
    mine = _csv(tmp_path, f"{HEADER}\ncn.gacc,海关总署,Customs (mine),agency,national,CN,cn.state-council,署\n")
    registry = AgencyRegistry.default(gazetteer, [mine])
    assert len(registry) == len(AgencyRegistry.default(gazetteer))
    gacc = registry.resolve("署", "CN")
    assert (gacc.key, gacc.name_en, gacc.resolved) == ("cn.gacc", "Customs (mine)", True)
    assert registry.lookup("中华人民共和国海关总署", None) is gacc  # the shipped alias went with the row


def test_a_row_with_a_new_key_adds_a_body_resolved_in_its_jurisdiction(tmp_path: Path,
                                                                       gazetteer: Gazetteer) -> None:
    mine = _csv(tmp_path, f"{HEADER}\ncq.unknown,重庆市未知局,Chongqing Unknown Bureau,agency,provincial,"
                          "500000,cq.gov,市未知局\n")
    before = AgencyRegistry.default(gazetteer).resolve("市未知局", "500000")
    registry = AgencyRegistry.default(gazetteer, [mine])
    after = registry.resolve("市未知局", "500000")
    assert (before.key, before.resolved) == ("x.500000.重庆市未知局", False)
    assert (after.key, after.name_en, after.resolved) == ("cq.unknown", "Chongqing Unknown Bureau", True)
    assert [p.key for p in registry.parents(after)] == ["cq.gov", "cn.state-council"]
    assert registry.resolve("市未知局", "370200").resolved is False  # context-bound: Qingdao's is another


def test_a_later_file_wins_over_an_earlier_one(tmp_path: Path, gazetteer: Gazetteer) -> None:
    first = _csv(tmp_path, f"{HEADER}\nx.test,某某测试局,First,agency,national,CN,,\n", "first.csv")
    second = _csv(tmp_path, f"{HEADER}\nx.test,某某测试局,Second,agency,national,CN,,\n", "second.csv")
    assert AgencyRegistry.default(gazetteer, [first, second]).resolve("某某测试局", None).name_en == "Second"
    assert AgencyRegistry.default(gazetteer, [second, first]).resolve("某某测试局", None).name_en == "First"


def test_reference_data_carries_the_overlay(tmp_path: Path) -> None:
    mine = _csv(tmp_path, f"{HEADER}\nx.test,某某测试局,Test Bureau,agency,national,CN,,\n")
    assert ReferenceData.default([mine]).agencies.resolve("某某测试局", "CN").key == "x.test"
    assert ReferenceData.default().agencies.resolve("某某测试局", "CN").resolved is False


def test_the_review_columns_and_a_byte_order_mark_are_ignored(tmp_path: Path, gazetteer: Gazetteer) -> None:
    mine = tmp_path / "rows.csv"
    mine.write_text(f"{HEADER},count,first_seen\r\nx.test,某某测试局,Test Bureau,agency,,,,,3,plan.txt:4\r\n",
                    encoding="utf-8-sig")
    agency = AgencyRegistry.default(gazetteer, [mine]).resolve("某某测试局", None)
    assert (agency.key, agency.level, agency.aliases, agency.resolved) == ("x.test", None, (), True)


def test_an_alias_another_body_has_in_the_same_jurisdiction_names_both_rows(tmp_path: Path,
                                                                            gazetteer: Gazetteer) -> None:
    mine = _csv(tmp_path, f"{HEADER}\n"
                          "cq.test,重庆市测试委,,agency,provincial,500000,,市测试委\n"
                          "cq.other,重庆市另一委,,agency,provincial,500000,,市商务委\n")
    with pytest.raises(AuthorityFileError) as caught:
        AgencyRegistry.default(gazetteer, [mine])
    assert str(caught.value) == (
        f"{mine}:3: 'cq.other' is written '市商务委', and so is 'cq.commerce' in jurisdiction 500000 "
        f"({SHIPPED}:{_shipped_line('cq.commerce')}); a name must stand for one body: remove it from "
        "one of the two rows")


def test_the_same_context_bound_alias_in_another_jurisdiction_is_no_clash(tmp_path: Path,
                                                                          gazetteer: Gazetteer) -> None:
    mine = _csv(tmp_path, f"{HEADER}\nqd.commerce-x,青岛市商务委,,agency,municipal,370200,,市商务委\n")
    registry = AgencyRegistry.default(gazetteer, [mine])
    assert registry.resolve("市商务委", "370200").key == "qd.commerce-x"
    assert registry.resolve("市商务委", "500000").key == "cq.commerce"


def test_a_global_alias_of_another_body_is_a_clash(tmp_path: Path, gazetteer: Gazetteer) -> None:
    mine = _csv(tmp_path, f"{HEADER}\nx.test,某某测试局,,agency,national,CN,,海关总署\n")
    with pytest.raises(AuthorityFileError, match=r"^.*mine\.csv:2: 'x\.test' is written '海关总署', and so "
                                                 r"is 'cn\.gacc' \(.*agencies\.csv:\d+\);"):
        AgencyRegistry.default(gazetteer, [mine])


@pytest.mark.parametrize(("text", "line", "reason"), [
    ("key,name,kind\nx,y,agency\n", 1,
     f"the header must be {HEADER} (optionally followed by valid_from,valid_to,successors, then count,first_seen), not 'key,name,kind'"),
    ("", 1, f"the header must be {HEADER} (optionally followed by valid_from,valid_to,successors, then count,first_seen), not ''"),
    (f"{HEADER}\nx.a,甲局,,agency,,,,\nx.b,乙局,,agency\n", 3,
     "4 fields, but the header has 8; put a cell holding commas in double quotes"),
    (f"{HEADER}\n,甲局,,agency,,,,\n", 2,
     "every agency needs a key and a name_zh (fill them in, or delete the row)"),
    (f"{HEADER}\nx.a,甲局,,office,,,,\n", 2,
     "kind 'office' is not one of agency, enterprise, institution, collective"),
    (f"{HEADER}\nx.a,甲局,,agency,county,,,\n", 2,
     "level 'county' is not one of national, provincial, municipal, district"),
    (f"{HEADER}\nx.a,甲局,,agency,,,,\nx.a,乙局,,agency,,,,\n", 3,
     "key 'x.a' is used twice in this file (first at line 2)"),
    (f"{HEADER}\nx.a,甲局,,agency,,,cn.nobody,\n", 2,
     "parent 'cn.nobody' of 'x.a' is not the key of any agency"),
    (f"{HEADER}\nx.a,甲局,,agency,,5000,,\n", 2,
     "jurisdiction '5000' of 'x.a' is not a code of ontology/places.csv (CN, or a GB/T 2260 code such as "
     "500000)"),
], ids=["wrong-columns", "empty", "short-row", "no-key", "bad-kind", "bad-level", "key-twice",
        "unknown-parent", "unknown-jurisdiction"])
def test_a_wrong_file_is_one_message_naming_file_and_line(tmp_path: Path, gazetteer: Gazetteer, text: str,
                                                          line: int, reason: str) -> None:
    mine = _csv(tmp_path, text)
    with pytest.raises(AuthorityFileError) as caught:
        AgencyRegistry.default(gazetteer, [mine])
    assert str(caught.value) == f"{mine}:{line}: {reason}"


def test_a_file_saved_in_gbk_names_the_line_of_the_first_bad_byte(tmp_path: Path,
                                                                  gazetteer: Gazetteer) -> None:
    mine = tmp_path / "gbk.csv"
    mine.write_bytes(f"{HEADER}\nx.a,a,,agency,,,,\nx.b,乙局,,agency,,,,\n".encode("gbk"))
    with pytest.raises(AuthorityFileError) as caught:
        AgencyRegistry.default(gazetteer, [mine])
    assert str(caught.value) == (f"{mine}:3: not UTF-8 text; save the file as CSV UTF-8 "
                                 "(in a spreadsheet: \"CSV UTF-8 (comma delimited)\")")


def test_a_missing_file_is_named(tmp_path: Path, gazetteer: Gazetteer) -> None:
    with pytest.raises(AuthorityFileError) as caught:
        AgencyRegistry.default(gazetteer, [tmp_path / "nope.csv"])
    assert str(caught.value) == f"{tmp_path / 'nope.csv'}: cannot read the authority file: no such file"


def test_the_shipped_file_alone_reads_as_before(gazetteer: Gazetteer) -> None:
    registry = AgencyRegistry.default(gazetteer)
    # Every row of the file, and the direct customs districts it lacks (ontology/customs_districts.csv).
    from_file = [a for a in registry if not a.key.startswith("customs.")]
    assert len(from_file) == len(SHIPPED.read_text(encoding="utf-8").splitlines()) - 1
    assert len(registry) - len(from_file) == 42 - 4
    assert registry.resolve("市发展改革委", "500000").key == "cq.ndrc"
