"""Spanish: "24 de septiembre de 2013"; see wgtu_portal/formats."""

DATE_FORMAT = r"j \d\e F \d\e Y"
SHORT_DATE_FORMAT = DATE_FORMAT
DATETIME_FORMAT = r"j \d\e F \d\e Y, H:i T"
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
YEAR_MONTH_FORMAT = r"F \d\e Y"
MONTH_DAY_FORMAT = r"j \d\e F"
DATE_INPUT_FORMATS = ["%Y-%m-%d"]
