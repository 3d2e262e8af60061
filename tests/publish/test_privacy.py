"""The masker of dpgraph.publish.privacy: addresses as documents really print them, and text it must leave alone."""

from __future__ import annotations

import pytest

from dpgraph.builder.sources import load_documents
from dpgraph.config import load_settings
from dpgraph.errors import InputError
from dpgraph.publish.privacy import PUBLIC_ADDRESSES, WITHHELD, Masker, canonical, public_addresses, restricted_addresses

W = WITHHELD
KNOWN = Masker(["jane.doe@example.org", "anne-marie.roux@example.org"], public=["desk@example.org"])


@pytest.mark.parametrize(
    "printed",
    [
        "jane.doe@example.org",
        "Jane.Doe@Example.ORG",
        "JANE.DOE@EXAMPLE.ORG",
        "jane.doe&#64;example.org",
        "jane.doe&#x40;example.org",
        "jane.doe&commat;example.org",
        "jane.doe%40example.org",
        "jane.doe [at] example [dot] org",
        "jane.doe(at)example.org",
        "jane.doe\uff20example.org",
        "jane.doe@example .org",  # the conversion's OCR breaks, as the workplans print them
        "jane.doe@example. org",
        "jane.doe@example _org",
        "jane.doe@example.or g",
        "jane.do e@exam ple.org",
        "Anne- marie.roux@example.org",
    ],
)
def test_an_address_of_the_restricted_graph_is_withheld_however_it_is_printed(printed):
    assert KNOWN.mask(f"Division  {printed}; next") == f"Division  {W}; next"


@pytest.mark.parametrize(
    "printed",
    [
        "john.smith@foo.example",
        "JOHN@FOO.BAR",
        "john%40foo.bar",
        "john&#64;foo.bar",
        "john [at] foo [dot] bar",
        "john.o'neil+dp@foo.example.co.uk",
        "liri.kopaci- dimichele@foo.bar",  # a cell wrapped after the hyphen: the whole name goes
        "Carlo.chiaromonte@coe.",  # cut short by the page: still a person's address
        "Pavel.Chevtchenko@coe _int",
    ],
)
def test_any_other_address_shaped_text_is_withheld_too(printed):
    masked = KNOWN.mask(f"Secretariat {printed}  Gender Equality Division")
    assert masked == f"Secretariat {W}  Gender Equality Division"


def test_an_address_split_by_a_line_break_is_withheld_on_both_lines():
    lines = ["Co-secretaries  jane.doe@exam", "\t\t\tple.org  Division", "unrelated line"]
    assert KNOWN.mask_lines(lines) == ("Co-secretaries  " + W, "\t\t\t" + W + "  Division", "unrelated line")
    unknown = ["Write to carlo.chiaromonte@", "\tcoe.int today", "Contact >>> somebody.else@coe.", "int"]
    masked = KNOWN.mask_lines(unknown)
    assert len(masked) == len(unknown)
    assert not any(word in line for line in masked for word in ("carlo", "chiaromonte", "coe.int", "somebody", "int"))


def test_markup_around_an_address_stays():
    assert KNOWN.mask("Cybercrime division <u>jane.doe@example.org</u>") == f"Cybercrime division <u>{W}</u>"


@pytest.mark.parametrize(
    "text",
    [
        "COUNCIL OF EUROPE @ DIGITAL GOVERNANCE",
        "Website: <https://www.coe.int/en/web/freedom-expression/exchange-of-letters>",
        "follow @CoE_Digital and @coe",
        '"Digital Partnership"@en',
        "Contact >>> desk@example.org",
        "DESK@EXAMPLE.ORG",
        "the information society at coe.int",
    ],
)
def test_text_that_is_not_a_personal_address_is_left_alone(text):
    assert KNOWN.mask(text) == text


def test_a_restricted_address_is_withheld_even_if_listed_as_public():
    masker = Masker(["desk@example.org"], public=["desk@example.org"])
    assert masker.mask("Contact >>> Desk@example.org") == f"Contact >>> {W}"


def test_canonical_reads_the_spellings_of_at_and_dot():
    assert canonical("Jane.Doe [at] Example (dot) ORG") == "jane.doe@example.org"
    assert canonical("jane.doe&#64;example&#46;org") == "jane.doe@example.org"


def test_the_public_list_is_checked_against_the_lines_it_cites(tmp_path):
    settings = load_settings()
    documents = load_documents(settings.sources_dir)
    assert public_addresses(settings.curated_dir / PUBLIC_ADDRESSES, documents) == {"digital.partnership@coe.int"}
    bad = tmp_path / PUBLIC_ADDRESSES
    bad.write_text(
        "- address: digital.partnership@coe.int\n  cite: [{doc: '002', line: 7, quote: digital.partnership}]\n", encoding="utf-8"
    )
    with pytest.raises(InputError, match=r"not on line 7") as error:
        public_addresses(bad, documents)
    assert str(bad) in str(error.value) and ":1" in str(error.value)
    bad.write_text("- address: nobody\n  cite: []\n", encoding="utf-8")
    with pytest.raises(InputError, match="an e-mail address"):
        public_addresses(bad, documents)


def test_restricted_addresses_are_read_from_the_full_dataset(settings, built, store):
    from dpgraph.layout import FULL_DATASET

    assert restricted_addresses(store) == set()  # the served dataset has no restricted graph
    addresses = restricted_addresses(store, [settings.output_dir / FULL_DATASET, settings.output_dir / "missing.trig"])
    assert len(addresses) == 23
    assert "ahmet-murat.kilic@coe.int" in addresses
    assert all("@" in a and not a.startswith("mailto:") for a in addresses)


def test_text_of_many_wrapped_words_is_masked_in_linear_time():
    import time

    started = time.perf_counter()
    assert KNOWN.mask("a- " * 5000 + "@") == "a- " * 5000 + "@"
    assert time.perf_counter() - started < 1  # 4 s when every word was read to the end of the text
