from __future__ import annotations

from pathlib import Path

import pytest

from filings.parsers.folder_index import FolderIndexParseError, FolderItem, parse_folder_index

FOLDER = Path("www.sec.gov/Archives/edgar/data/1013871/000000000016075770/index.json")


def test_it_lists_the_files_of_a_real_folder(edgar_sample_dir):
    items = parse_folder_index((edgar_sample_dir / FOLDER).read_bytes())
    assert [i.name for i in items] == [
        "0000000000-16-075770-index-headers.html",
        "0000000000-16-075770-index.html",
        "0000000000-16-075770.txt",
        "filename1.pdf",
    ]


def test_it_reads_sizes_and_leaves_blank_sizes_empty(edgar_sample_dir):
    items = parse_folder_index((edgar_sample_dir / FOLDER).read_bytes())
    assert items[-1] == FolderItem(name="filename1.pdf", size=137078, last_modified="2016-05-10 17:16:58")
    assert items[0].size is None


def test_it_parses_every_sample_folder(edgar_sample_dir):
    paths = list((edgar_sample_dir / "www.sec.gov/Archives/edgar/data").glob("*/*/index.json"))
    assert len(paths) == 559
    assert all(parse_folder_index(p.read_bytes()) for p in paths)


def test_an_html_error_page_raises(edgar_sample_dir):
    page = (edgar_sample_dir / "odd/403-undeclared-automated-tool.html").read_bytes()
    with pytest.raises(FolderIndexParseError, match="not JSON"):
        parse_folder_index(page)


def test_json_without_a_directory_raises():
    with pytest.raises(FolderIndexParseError, match="directory.item"):
        parse_folder_index(b'{"items": []}')
