"""Words of the wide web (``wide.py``): twelve topics, general English, and the parts of site
names.

Each topic has its own nouns, verbs and adjectives; pages mix them with general English, so
that topical similarity between two pages is real but noisy. Some words belong to several
topics on purpose (``gear``: hiking, cycling, photography, music; ``stock``: cooking and
finance; ``track``: music, cycling, fitness), as on the real web: no one keyword gives a topic
away. ``NEIGHBOURS`` says which topics are close (cross-topic links go mostly there).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Topic:
    slug: str
    label: str  # a directory category's name
    nouns: tuple[str, ...]
    verbs: tuple[str, ...]  # base form ("climb"): prose.py conjugates
    adjectives: tuple[str, ...]
    phrases: tuple[str, ...]  # multi-word terms used like nouns
    categories: tuple[str, ...]  # a site's sections
    name_words: tuple[str, ...]  # words of topical site names (``trail-notes.net``)


def _t(slug: str, label: str, nouns: str, verbs: str, adjectives: str, phrases: str,
       categories: str, name_words: str) -> Topic:
    def words(text: str) -> tuple[str, ...]:
        return tuple(text.split())

    def items(text: str) -> tuple[str, ...]:
        return tuple(s.strip() for s in text.split(",") if s.strip())

    return Topic(slug, label, words(nouns), words(verbs), words(adjectives), items(phrases),
                 items(categories), words(name_words))


TOPICS: tuple[Topic, ...] = (
    _t("hiking", "Hiking and Outdoors",
       "trail trailhead summit ridge peak pass valley canyon backpack tent sleeping-bag stove "
       "boots map compass headlamp hiker backpacker wilderness campsite switchback elevation "
       "route gear layer fleece rain-jacket poles blister water-filter cairn meadow glacier "
       "saddle scramble traverse forest lake shelter hut permit ranger bear wildlife weather "
       "daypack trekking altitude descent ascent footpath moorland waymark bivy",
       "hike climb camp pack trek scramble descend navigate explore wander pitch filter "
       "summit ford",
       "rugged steep alpine remote lightweight waterproof scenic muddy rocky exposed windy "
       "ultralight backcountry",
       "thru-hike, day hike, base weight, leave no trace, trail running, national park, "
       "loop trail, wild camping, mountain hut",
       "trails, gear, trip reports, skills, camping, national parks",
       "trail summit peak ridge hiker wild outdoor backpack basecamp switchback"),
    _t("cooking", "Cooking and Food",
       "recipe kitchen oven pan skillet dough flour butter garlic onion sauce stock broth "
       "spice herb salt pepper bread pasta noodle rice bean lentil soup stew roast dinner "
       "lunch breakfast dessert cake cookie chocolate cheese cream yeast knife chef ingredient "
       "vegetable tomato lemon marinade grill braise casserole pantry oil vinegar crust",
       "bake roast simmer chop whisk fry saute braise season knead marinate stir grill taste "
       "serve",
       "crispy tender savory sweet creamy spicy homemade fresh golden rich tangy hearty "
       "fluffy",
       "sourdough starter, cast iron, sheet pan, weeknight dinner, meal prep, slow cooker, "
       "olive oil, stir fry, pie crust",
       "recipes, baking, dinner, desserts, vegetarian, techniques",
       "kitchen recipe skillet pantry spoon bake saucepan crumb butter table"),
    _t("finance", "Personal Finance",
       "budget savings account bank loan mortgage interest rate debt credit card income "
       "expense tax retirement pension fund stock bond dividend portfolio investor market "
       "inflation salary paycheck emergency-fund insurance premium fee broker asset "
       "allowance spreadsheet net-worth yield exposure allocation payment bill rent",
       "save invest borrow lend budget repay spend earn retire diversify refinance compound "
       "track",
       "frugal financial monthly annual passive tax-free low-cost fixed variable wealthy "
       "debt-free",
       "index fund, credit score, compound interest, emergency fund, side hustle, early "
       "retirement, high-yield savings, net worth, student loans",
       "budgeting, investing, saving, debt, retirement, taxes",
       "penny money wallet coin budget frugal wealth ledger thrifty dollar"),
    _t("software", "Software Development",
       "code function library framework database server api bug release compiler debugger "
       "repository branch commit merge test deploy container cluster cloud query cache "
       "thread memory latency module package plugin interface terminal shell script "
       "developer engineer schema migration endpoint feed log pipeline build runtime",
       "code compile debug deploy refactor merge test ship profile optimize install "
       "configure query benchmark",
       "open-source async scalable concurrent functional typed legacy distributed "
       "lightweight fast modular",
       "pull request, unit test, continuous integration, type checker, command line, "
       "memory leak, code review, web framework, package manager",
       "tutorials, releases, devops, databases, languages, tools",
       "code dev byte stack commit kernel compile lambda bits syntax"),
    _t("gardening", "Gardening",
       "garden seed seedling soil compost mulch bed raised-bed tomato pepper bean squash "
       "herb flower rose tulip bulb perennial shrub hedge lawn weed pest aphid slug "
       "greenhouse pot container fertilizer harvest yield vegetable fruit orchard pruning "
       "spade trowel hose watering root leaf bloom frost",
       "plant sow prune water harvest compost mulch transplant weed grow propagate divide "
       "feed",
       "organic perennial hardy shady sunny drought-tolerant native fertile seasonal lush "
       "green",
       "raised bed, companion planting, cold frame, seed starting, kitchen garden, "
       "cover crop, no-dig garden, frost date",
       "vegetables, flowers, lawn care, soil, planting, pests",
       "garden seed sprout bloom allotment greenhouse mulch potting leaf root"),
    _t("cycling", "Cycling",
       "bike bicycle frame wheel tyre tire chain saddle pedal derailleur gear brake helmet "
       "cyclist rider peloton climb descent route ride commute road gravel trail crank "
       "cassette spoke hub cadence watt sprint jersey bib lock pannier velodrome stage race "
       "puncture pump handlebar",
       "ride pedal climb descend sprint commute race train shift brake tour patch",
       "aero carbon lightweight tubeless fast hilly gravel steady electric rugged smooth",
       "gravel bike, bike fit, group ride, bike commute, road race, power meter, e-bike, "
       "chain lube, bike lane",
       "rides, bikes, maintenance, racing, commuting, components",
       "velo spoke pedal chain cycle wheel crank cadence saddle bike"),
    _t("photography", "Photography",
       "camera lens photo photograph shutter aperture exposure sensor tripod flash "
       "portrait landscape light composition frame focus zoom prime lens-cap filter print "
       "gallery edit raw histogram bokeh studio shot photographer mirrorless film grain "
       "contrast colour color white-balance gear",
       "shoot frame focus edit expose capture print zoom crop process retouch develop",
       "sharp wide telephoto manual analog digital bright moody candid cinematic "
       "high-contrast",
       "golden hour, shutter speed, depth of field, rule of thirds, street photography, "
       "long exposure, prime lens, film camera",
       "gear, techniques, editing, portraits, landscapes, film",
       "lens shutter aperture focus frame pixel exposure darkroom photo light"),
    _t("parenting", "Parenting",
       "baby toddler child kid parent mom dad family sleep nap bedtime routine school "
       "teacher homework toy book nursery diaper feeding bottle tantrum sibling playground "
       "daycare teen screen-time lunchbox milestone growth allowance chores birthday "
       "pregnancy newborn stroller car-seat",
       "raise feed soothe teach read play nap potty-train encourage praise discipline "
       "comfort",
       "gentle patient tired curious playful calm sleepy picky busy little",
       "screen time, bedtime routine, potty training, school run, sleep regression, "
       "family meals, working parents, baby-led weaning",
       "babies, toddlers, school, family life, activities, health",
       "mama papa little nest kiddo family tot bumps cradle playdate"),
    _t("travel", "Travel",
       "trip flight airport hotel hostel itinerary passport visa luggage suitcase city "
       "beach island museum street market train station ferry guide tour budget booking "
       "destination backpacker tourist ticket map cafe neighbourhood road-trip visit "
       "border currency journey packing",
       "travel fly visit book explore pack wander tour cruise stay discover backpack",
       "cheap scenic historic coastal hidden local crowded exotic walkable sunny "
       "off-season",
       "road trip, carry-on, travel insurance, city break, travel budget, slow travel, "
       "hidden gems, weekend getaway, train travel",
       "destinations, itineraries, tips, budget travel, road trips, guides",
       "wander roam nomad passport voyage journey atlas compass globe trip"),
    _t("music", "Music",
       "guitar piano drum bass song album record track band concert gig chord melody "
       "rhythm tempo studio microphone amp pedal synth vinyl playlist lyric singer "
       "producer mix vocal scale string practice stage tour label plugin gear",
       "play record mix strum sing compose produce tune practice perform jam master",
       "acoustic electric live analog catchy loud soulful indie vintage melodic",
       "home studio, chord progression, guitar pedal, vinyl record, music theory, open mic, "
       "drum machine, live set",
       "reviews, gear, lessons, recording, live, albums",
       "chord riff tempo vinyl groove amp melody tune encore beat"),
    _t("fitness", "Fitness",
       "workout gym run runner marathon training squat deadlift strength muscle cardio "
       "interval stretch recovery protein coach program rep set weight kettlebell yoga "
       "mobility endurance pace race track heart-rate injury plan record rest",
       "run lift train stretch squat sprint recover jog race track warm-up stretch",
       "strong lean fit intense steady aerobic explosive sore flexible athletic",
       "strength training, interval training, rest day, personal best, couch to 5k, "
       "rep range, heart rate zone, half marathon",
       "workouts, running, strength, nutrition, recovery, plans",
       "fit strong pace rep iron stride sweat lift motion run"),
    _t("pets", "Pets",
       "dog cat puppy kitten vet leash collar treat kibble litter breed walk walking "
       "training toy crate fur grooming shelter adoption rescue food bowl bed flea tick "
       "vaccine paw tail bark aquarium rabbit hamster parrot feed",
       "adopt walk groom train feed brush play rescue socialize vaccinate cuddle fetch",
       "furry playful loyal shy senior rescue house-trained energetic friendly gentle",
       "dog training, cat litter, pet insurance, puppy food, vet visit, rescue dog, "
       "flea treatment, dog walk",
       "dogs, cats, training, health, adoption, food",
       "paw woof whisker tail purr bark kibble pup furry pet"),
)

TOPIC_SLUGS = tuple(t.slug for t in TOPICS)

#: Each topic's close topics: most cross-topic links go there.
NEIGHBOURS: dict[str, tuple[str, ...]] = {
    "hiking": ("cycling", "travel", "photography", "fitness"),
    "cooking": ("gardening", "parenting", "travel"),
    "finance": ("software", "parenting", "travel"),
    "software": ("finance", "photography", "music"),
    "gardening": ("cooking", "pets", "hiking"),
    "cycling": ("hiking", "fitness", "travel"),
    "photography": ("travel", "hiking", "software"),
    "parenting": ("cooking", "finance", "pets", "fitness"),
    "travel": ("hiking", "photography", "cooking", "cycling"),
    "music": ("software", "photography", "travel"),
    "fitness": ("cycling", "hiking", "cooking", "parenting"),
    "pets": ("parenting", "gardening", "hiking"),
}

#: What generalist sites (news, magazines, personal blogs) write about besides the topics.
NEWS = _t(
    "news", "News and Magazines",
    "council election minister government policy vote court police weather storm report "
    "story interview column opinion editor reader poll economy business company jobs "
    "housing transport festival award community school hospital mayor protest campaign",
    "report announce vote reveal warn plan launch approve criticise celebrate debate",
    "local national breaking weekly controversial official public political regional",
    "city council, local news, press release, opinion column, public transport, "
    "housing market, election day",
    "news, opinion, local, business, culture, lifestyle",
    "daily gazette herald courier times chronicle post tribune bulletin dispatch")

GENERAL_NOUNS = tuple((
    "time year day week month people way thing world life hand part place case point "
    "group number problem fact idea story home friend family question answer reason "
    "moment result change plan list guide tip review experience detail choice price cost "
    "weekend morning evening afternoon season summer winter spring autumn start end "
    "beginner expert update mistake favourite lesson habit project budget option "
    "feature quality value difference advice decision goal progress routine"
).split())
GENERAL_VERBS = tuple((
    "make take find give try need want keep start show use choose learn work love like "
    "share check compare plan change improve help build notice spend follow enjoy "
    "recommend test prefer miss carry bring fix"
).split())
GENERAL_ADJECTIVES = tuple((
    "good new great small big easy simple quick best first last long short early late "
    "favourite cheap expensive common useful honest real whole different important "
    "perfect basic popular practical surprising"
).split())
ADVERBS = ("really", "always", "often", "usually", "finally", "actually", "quickly", "still",
           "never", "slowly", "probably", "almost")
CONNECTORS = ("and", "but", "so", "because", "while", "although", "when", "after", "before",
              "until", "since")
PREPOSITIONS = ("for", "with", "on", "in", "about", "after", "before", "from", "without",
                "around", "near", "over")
DETERMINERS = ("the", "a", "your", "our", "my", "this", "every", "each", "any", "one more")
SUBJECTS = ("we", "I", "you", "most people", "many readers", "our team", "my friends",
            "most of us", "beginners", "experts")  # each takes a verb's base form
NUMBERS = ("3", "5", "7", "10", "12", "15", "20")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

#: Non-topical parts of site names: most sites are named like this (``bluefinch.io``).
NAME_FIRST = ("blue", "red", "green", "silver", "golden", "little", "north", "south",
              "quiet", "bright", "maple", "cedar", "oak", "willow", "river", "stone", "iron",
              "paper", "copper", "amber", "misty", "lucky", "happy", "brave", "rusty",
              "tiny", "wild", "urban", "sunny", "cosy", "honey", "velvet", "hidden", "salty",
              "crimson", "lunar", "polar", "coral", "fern", "pine")
NAME_SECOND = ("finch", "fox", "owl", "harbor", "harbour", "lane", "house", "yard", "crane",
               "bridge", "field", "moon", "lantern", "kettle", "pebble", "sparrow", "heron",
               "otter", "badger", "hill", "meadow", "studio", "works", "press", "corner",
               "room", "desk", "notes", "journal", "garden", "street", "road", "bay",
               "point", "wren", "robin", "acorn", "orchard", "loft", "attic")
GIVEN_NAMES = ("anna", "tom", "maria", "james", "sofia", "lucas", "emma", "noah", "mia",
               "oliver", "lena", "jonas", "clara", "ben", "zoe", "sam", "nina", "leo",
               "ruth", "omar", "priya", "kenji", "ines", "marta", "pablo", "ella", "felix",
               "hannah", "david", "julia")
FAMILY_NAMES = ("klein", "rivera", "moreno", "smith", "jensen", "novak", "fischer", "dubois",
                "rossi", "kowalski", "tanaka", "okafor", "larsen", "brooks", "walsh",
                "bauer", "silva", "nguyen", "patel", "hughes", "meyer", "costa", "ward",
                "holm", "lindqvist", "reyes", "murphy", "ito", "keller", "varga")
SYLLABLES = ("zen", "ka", "lu", "mi", "ro", "ve", "to", "na", "qi", "bo", "lex", "tor",
             "vi", "ra", "sol", "mo", "ly", "ta", "ko", "ri", "xo", "fa", "do", "pe")
TOPICAL_SUFFIXES = ("notes", "journal", "hq", "hub", "daily", "life", "guide", "lab",
                    "corner", "diaries", "world", "zone", "central", "club", "talk", "tips",
                    "blog", "weekly", "co", "project")
TLDS = (("com", 45), ("net", 8), ("org", 8), ("io", 5), ("co", 4), ("de", 4), ("co.uk", 5),
        ("fr", 2), ("nl", 2), ("ca", 2), ("com.au", 2), ("blog", 2), ("info", 2), ("me", 2),
        ("dev", 1), ("us", 1), ("es", 1), ("it", 1), ("ch", 1), ("se", 1), ("ie", 1))

#: Web directories (the seeds): names and domains.
DIRECTORIES = (("Open Site Index", "opensiteindex.org"), ("Web Links Guide", "weblinksguide.com"),
               ("The Site Catalog", "thesitecatalog.net"), ("Linkroll", "linkroll.info"),
               ("Best of the Small Web", "bestofthesmallweb.org"))

#: A generalist site's section for each topic (its categories), and for its own news.
SECTIONS = {"hiking": "Outdoors", "cooking": "Food", "finance": "Money", "software": "Tech",
            "gardening": "Home and Garden", "cycling": "Bikes", "photography": "Photo",
            "parenting": "Family", "travel": "Travel", "music": "Music", "fitness": "Health",
            "pets": "Pets", "news": "News"}

#: Platforms beyond the wide web that sites link to (the proxy does not serve them): (registered
#: domain, URL pattern of a profile, topics whose sites use it or None for all). ``{h}`` is
#: the site's handle.
PLATFORMS = (
    ("facebook.com", "https://www.facebook.com/{h}", None),
    ("instagram.com", "https://www.instagram.com/{h}/", None),
    ("x.com", "https://x.com/{h}", None),
    ("youtube.com", "https://www.youtube.com/@{h}", None),
    ("github.com", "https://github.com/{h}", ("software",)),
    ("pinterest.com", "https://www.pinterest.com/{h}/", ("cooking", "gardening", "parenting")),
    ("linkedin.com", "https://www.linkedin.com/in/{h}", ("finance", "software")),
    ("strava.com", "https://www.strava.com/clubs/{h}", ("cycling", "fitness", "hiking")),
    ("soundcloud.com", "https://soundcloud.com/{h}", ("music",)),
    ("flickr.com", "https://www.flickr.com/photos/{h}/", ("photography", "travel")),
)
WIKIPEDIA = ("wikipedia.org", "https://en.wikipedia.org/wiki/{w}")
