"""Hand-written tables the packaged gazetteers lack: named regions, common country aliases
and demonyms that countryinfo does not list.

Region points are representative (roughly central) coordinates written by the project from
general knowledge; they carry precision "region" and are never more exact than that.
"""

from __future__ import annotations

from typing import NamedTuple


class Region(NamedTuple):
    name: str
    lat: float
    lon: float
    country: str | None  # ISO 3166-1 alpha-3 when the region lies in one country
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()


REGIONS: tuple[Region, ...] = (
    # Middle East and North Africa
    Region("Middle East", 29.0, 42.0, None, ("Mideast", "Near East")),
    Region("Persian Gulf", 26.5, 52.0, None, ("Gulf", "Arabian Gulf", "Gulf region")),
    Region("Arabian Peninsula", 23.0, 46.0, None, ("Arabia",)),
    Region("Levant", 33.5, 36.5, None),
    Region("Kurdistan Region", 36.4, 44.4, "IRQ", ("Iraqi Kurdistan", "Kurdistan", "Kurdish region",
                                                    "Kurdistan Regional Government"), ("Kurdish",)),
    Region("Gaza Strip", 31.42, 34.37, "PSE", ("Gaza",), ("Gazan",)),
    Region("West Bank", 31.95, 35.25, "PSE"),
    Region("Golan Heights", 33.0, 35.75, "SYR", ("Golan",)),
    Region("Sinai Peninsula", 29.5, 33.8, "EGY", ("Sinai",)),
    Region("Strait of Hormuz", 26.57, 56.25, None, ("Hormuz",)),
    Region("Red Sea", 20.0, 38.5, None),
    Region("Gulf of Aden", 12.5, 47.5, None),
    Region("Maghreb", 31.0, 3.0, None),
    Region("North Africa", 27.0, 14.0, None),
    Region("Darfur", 13.5, 24.5, "SDN", (), ("Darfuri",)),
    Region("Western Sahara", 24.5, -13.0, "ESH"),
    # Africa
    Region("Sahel", 15.0, 5.0, None),
    Region("Horn of Africa", 8.0, 45.0, None),
    Region("West Africa", 12.0, -3.0, None),
    Region("East Africa", 0.0, 36.0, None),
    Region("Central Africa", 2.0, 20.0, None),
    Region("Southern Africa", -24.0, 25.0, None),
    Region("Sub-Saharan Africa", 0.0, 20.0, None),
    Region("Africa", 7.2, 21.1, None),
    # Europe and the former Soviet Union
    Region("Balkans", 43.0, 21.0, None, ("Western Balkans", "Balkan Peninsula")),
    Region("Caucasus", 42.0, 44.5, None, ("South Caucasus",)),
    Region("North Caucasus", 43.3, 45.0, "RUS"),
    Region("Chechnya", 43.4, 45.7, "RUS", (), ("Chechen",)),
    Region("Crimea", 45.3, 34.4, "UKR", ("Crimean Peninsula",), ("Crimean",)),
    Region("Donbas", 48.0, 38.0, "UKR", ("Donbass",)),
    Region("Transnistria", 47.2, 29.4, "MDA"),
    Region("Abkhazia", 43.0, 41.0, "GEO"),
    Region("South Ossetia", 42.3, 44.0, "GEO"),
    Region("Nagorno-Karabakh", 39.8, 46.75, "AZE", ("Karabakh",)),
    Region("Baltic states", 57.0, 24.0, None, ("Baltics",)),
    Region("Baltic Sea", 58.0, 20.0, None, ("Baltic",)),
    Region("Black Sea", 43.4, 34.0, None),
    Region("Mediterranean", 35.0, 18.0, None, ("Mediterranean Sea",)),
    Region("Scandinavia", 62.0, 14.0, None, ("Nordic countries",), ("Scandinavian",)),
    Region("Eastern Europe", 50.0, 28.0, None),
    Region("Western Europe", 48.0, 5.0, None),
    Region("Central Europe", 49.0, 15.0, None),
    Region("Europe", 50.0, 10.0, None, ("European Union", "EU", "Continent"), ("European",)),
    Region("Siberia", 60.0, 100.0, "RUS", (), ("Siberian",)),
    Region("Basque Country", 43.0, -2.6, "ESP", (), ("Basque",)),
    Region("Catalonia", 41.8, 1.5, "ESP", (), ("Catalan",)),
    Region("Northern Ireland", 54.6, -6.7, "GBR", ("Ulster",)),
    # Asia and the Pacific
    Region("Central Asia", 43.0, 65.0, None),
    Region("South Asia", 22.0, 78.0, None, ("Indian subcontinent", "subcontinent")),
    Region("Southeast Asia", 5.0, 110.0, None, ("South-East Asia", "South East Asia")),
    Region("East Asia", 35.0, 115.0, None),
    Region("Asia", 29.8, 89.3, None, ("Asia-Pacific", "Asia Pacific"), ("Asian",)),
    Region("Korean Peninsula", 37.5, 127.5, None),
    Region("Kashmir", 34.1, 75.0, None, ("Jammu and Kashmir",), ("Kashmiri",)),
    Region("Tibet", 31.0, 88.0, "CHN", (), ("Tibetan",)),
    Region("South China Sea", 12.0, 114.0, None),
    Region("East China Sea", 29.0, 125.0, None),
    Region("Taiwan Strait", 24.5, 119.5, None),
    Region("Indochina", 15.0, 105.0, None),
    Region("Pacific", 0.0, -160.0, None, ("Pacific Ocean", "South Pacific", "Pacific region")),
    Region("Atlantic", 30.0, -40.0, None, ("Atlantic Ocean", "North Atlantic")),
    Region("Indian Ocean", -20.0, 80.0, None),
    Region("Oceania", -25.0, 140.0, None),
    Region("Arctic", 80.0, 0.0, None),
    Region("Antarctica", -82.0, 0.0, None, ("Antarctic",)),
    # The Americas
    Region("North America", 45.0, -100.0, None, ("Americas",)),
    Region("Latin America", -5.0, -65.0, None, (), ("Latin American",)),
    Region("Central America", 13.5, -86.0, None, (), ("Central American",)),
    Region("South America", -15.0, -60.0, None, (), ("South American",)),
    Region("Caribbean", 17.0, -72.0, None, ("Caribbean Sea", "West Indies"), ("Caribbean",)),
    Region("Amazon", -4.0, -62.0, None, ("Amazonia", "Amazon rainforest")),
    Region("Patagonia", -45.0, -69.0, None),
    Region("Wall Street", 40.706, -74.009, "USA"),
    Region("Silicon Valley", 37.39, -122.06, "USA"),
    Region("Gulf of Mexico", 25.0, -90.0, None),
    # Seas, straits and canals news often names
    Region("North Sea", 56.0, 3.0, None),
    Region("Caspian Sea", 41.7, 50.6, None, ("Caspian",)),
    Region("Arabian Sea", 15.0, 65.0, None),
    Region("Bay of Bengal", 15.0, 88.0, None),
    Region("Sea of Japan", 40.0, 135.0, None, ("East Sea",)),
    Region("Yellow Sea", 35.0, 123.0, None),
    Region("Adriatic Sea", 43.0, 15.0, None, ("Adriatic",)),
    Region("Aegean Sea", 38.5, 25.0, None, ("Aegean",)),
    Region("English Channel", 50.2, -1.0, None, ("Channel",)),
    Region("Suez Canal", 30.6, 32.33, "EGY"),
    Region("Panama Canal", 9.1, -79.7, "PAN"),
    Region("Strait of Malacca", 2.5, 101.5, None, ("Malacca Strait",)),
    Region("Bosphorus", 41.1, 29.05, "TUR", ("Bosporus",)),
    Region("Gulf of Guinea", 2.0, 4.0, None),
    Region("Midwest", 41.5, -90.0, "USA", ("Middle West",), ("Midwestern",)),
    Region("New England", 43.5, -71.5, "USA"),
)

#: AP-style abbreviations of US states, as in "PRINCETON, N.J." datelines (two-letter
#: postal codes are left out: "LA", "OK", "IN" are words or other places far more often).
US_STATE_ABBREVIATIONS: dict[str, list[str]] = {
    "Alabama": ["Ala."], "Alaska": [], "Arizona": ["Ariz."], "Arkansas": ["Ark."],
    "California": ["Calif.", "Calif", "Cal."], "Colorado": ["Colo."],
    "Connecticut": ["Conn."], "Delaware": ["Del."], "Florida": ["Fla."],
    "Georgia": ["Ga."], "Hawaii": [], "Idaho": [], "Illinois": ["Ill."],
    "Indiana": ["Ind."], "Iowa": [], "Kansas": ["Kan.", "Kans."],
    "Kentucky": ["Ky."], "Louisiana": [], "Maine": [],
    "Maryland": ["Md."], "Massachusetts": ["Mass."], "Michigan": ["Mich."],
    "Minnesota": ["Minn."], "Mississippi": ["Miss."], "Missouri": ["Mo."],
    "Montana": ["Mont."], "Nebraska": ["Neb.", "Nebr."], "Nevada": ["Nev."],
    "New Hampshire": ["N.H."], "New Jersey": ["N.J."], "New Mexico": ["N.M."],
    "New York": ["N.Y."], "North Carolina": ["N.C."], "North Dakota": ["N.D."],
    "Ohio": [], "Oklahoma": ["Okla."], "Oregon": ["Ore.", "Oreg."],
    "Pennsylvania": ["Pa.", "Penn."], "Rhode Island": ["R.I."],
    "South Carolina": ["S.C."], "South Dakota": ["S.D."], "Tennessee": ["Tenn."],
    "Texas": ["Tex."], "Utah": [], "Vermont": ["Vt."], "Virginia": ["Va."],
    "Washington": ["Wash."], "West Virginia": ["W.Va.", "W. Va."],
    "Wisconsin": ["Wis.", "Wisc."], "Wyoming": ["Wyo."],
    "Washington, D.C.": ["D.C."], "District of Columbia": ["D.C."],
}

#: Common names the packaged country tables lack -> ISO 3166-1 alpha-2.
COUNTRY_ALIASES: dict[str, str] = {
    "U.S.": "US", "US": "US", "U.S.A.": "US", "USA": "US", "America": "US", "United States": "US",
    "the States": "US", "UK": "GB", "U.K.": "GB", "Britain": "GB", "Great Britain": "GB",
    "United Kingdom": "GB", "UAE": "AE", "U.A.E.": "AE", "Emirates": "AE", "Holland": "NL",
    "Burma": "MM", "Ivory Coast": "CI", "DRC": "CD", "DR Congo": "CD", "Zaire": "CD",
    "Congo-Kinshasa": "CD", "Democratic Republic of Congo": "CD", "Congo-Brazzaville": "CG",
    "Soviet Union": "RU", "USSR": "RU", "U.S.S.R.": "RU", "West Germany": "DE",
    "East Germany": "DE", "Czechoslovakia": "CZ", "Yugoslavia": "RS", "Persia": "IR",
    "Rhodesia": "ZW", "Ceylon": "LK", "Siam": "TH", "Kampuchea": "KH", "Swaziland": "SZ",
    "Macedonia": "MK", "Czech Republic": "CZ", "Russia": "RU", "Syria": "SY", "Iran": "IR",
    "South Korea": "KR", "North Korea": "KP", "Korea": "KR", "Vietnam": "VN", "Laos": "LA",
    "Palestine": "PS", "Palestinian territories": "PS", "Vatican": "VA", "Taiwan": "TW",
    "Moldova": "MD", "Bolivia": "BO", "Venezuela": "VE", "Tanzania": "TZ", "Brunei": "BN",
    "Cape Verde": "CV", "East Timor": "TL", "Timor-Leste": "TL", "Kosovo": "XK",
}

#: Demonyms and adjectives countryinfo lacks or spells otherwise -> ISO alpha-2.
DEMONYMS: dict[str, str] = {
    "British": "GB", "Briton": "GB", "English": "GB", "Scottish": "GB", "Welsh": "GB",
    "Emirati": "AE", "Saudi": "SA", "Dutch": "NL", "Swiss": "CH", "Filipino": "PH",
    "Afghan": "AF", "Thai": "TH", "Soviet": "RU", "Palestinian": "PS", "Israeli": "IL",
    "American": "US", "U.S.": "US", "French": "FR", "German": "DE", "Chinese": "CN",
    "Japanese": "JP", "Iraqi": "IQ", "Iranian": "IR", "Syrian": "SY", "Turkish": "TR",
    "Russian": "RU", "Ukrainian": "UA", "Indian": "IN", "Pakistani": "PK", "Korean": "KR",
    "North Korean": "KP", "South Korean": "KR", "Qatari": "QA", "Bahraini": "BH",
    "Kuwaiti": "KW", "Omani": "OM", "Yemeni": "YE", "Jordanian": "JO", "Lebanese": "LB",
    "Egyptian": "EG", "Libyan": "LY", "Sudanese": "SD", "Somali": "SO", "Ethiopian": "ET",
    "Kenyan": "KE", "Nigerian": "NG", "Mexican": "MX", "Canadian": "CA", "Brazilian": "BR",
    "Argentine": "AR", "Argentinian": "AR", "Colombian": "CO", "Venezuelan": "VE",
    "Cuban": "CU", "Spanish": "ES", "Italian": "IT", "Greek": "GR", "Polish": "PL",
    "Australian": "AU", "Vietnamese": "VN", "Indonesian": "ID", "Malaysian": "MY",
    "Bangladeshi": "BD", "Sri Lankan": "LK", "Nepalese": "NP", "Burmese": "MM",
    "Portuguese": "PT", "Belgian": "BE", "Austrian": "AT", "Swedish": "SE", "Norwegian": "NO",
    "Danish": "DK", "Finnish": "FI", "Irish": "IE", "Czech": "CZ", "Hungarian": "HU",
    "Romanian": "RO", "Bulgarian": "BG", "Serbian": "RS", "Croatian": "HR", "Bosnian": "BA",
    "Albanian": "AL", "Georgian": "GE", "Armenian": "AM", "Azerbaijani": "AZ", "Azeri": "AZ",
    "Kazakh": "KZ", "Uzbek": "UZ", "Tajik": "TJ", "Kyrgyz": "KG", "Turkmen": "TM",
    "Mongolian": "MN", "Taiwanese": "TW", "Singaporean": "SG", "Zimbabwean": "ZW",
    "South African": "ZA", "Ghanaian": "GH", "Malian": "ML", "Algerian": "DZ",
    "Moroccan": "MA", "Tunisian": "TN", "Chilean": "CL", "Peruvian": "PE",
    "Ecuadorian": "EC", "Bolivian": "BO", "Salvadoran": "SV", "Guatemalan": "GT",
    "Honduran": "HN", "Nicaraguan": "NI", "Panamanian": "PA", "Haitian": "HT",
    "New Zealand": "NZ", "Kiwi": "NZ", "Congolese": "CD", "Rwandan": "RW", "Ugandan": "UG",
}
