# Dates the French way: « vendredi 7 juin 2024, 14 h 05 », « 5 h 32 » (no zero before the hour).
DATE_FORMAT = "l j F Y"
DATETIME_FORMAT = r"l j F Y, G \h i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = r"d/m/Y G \h i"
TIME_FORMAT = r"G \h i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
# What a French newsroom types for a time: « 14:30 », and also « 14h30 », « 14 h 30 », « 7h ».
TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M:%S.%f", "%H:%M", "%Hh%M", "%H h %M", "%Hh", "%H h"]
