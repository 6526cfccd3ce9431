from mock_pages.common import chart

chart("soft_power")
