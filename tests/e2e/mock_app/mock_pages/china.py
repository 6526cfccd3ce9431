from mock_pages.common import chart

chart("china")
