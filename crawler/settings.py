"""Every default of a backlinks crawl, in one place, each with why.

Polite for the real web (robots.txt, AutoThrottle, one request at a time per host, a
User-Agent that names the project) and safe for a hostile one (size caps, timeouts, no
private addresses, no local-code surfaces). Every value is a Scrapy setting: override it
with `backlinks crawl -s NAME=VALUE` or `scrapy crawl backlinks -s NAME=VALUE`.
"""

from __future__ import annotations

BOT_NAME = "backlinks"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# -- identity ---------------------------------------------------------------------------
USER_AGENT = "backlinks/0.1 (+https://github.com/backlinks-project/backlinks; open backlink index crawler)"
ROBOTSTXT_USER_AGENT = "backlinks"  # the token robots.txt groups are matched against

# -- politeness ---------------------------------------------------------------------------
ROBOTSTXT_OBEY = True
#: Where robots.txt answers come from: fetched by this process (a distributed crawl's add-on
#: swaps in crawler.distributed.shared.SharedRobots: one fetch per origin for all workers).
BACKLINKS_ROBOTS_CACHE = "crawler.middlewares.robots.LocalRobots"
#: The most requests in flight at once, across all hosts: the memory bound (each holds its
#: response, up to DOWNLOAD_MAXSIZE; a typical page is 30-100 KB). It is a ceiling, not a
#: target: the scheduler's queue hands out only requests of hosts that are free (below),
#: so the requests in flight are those of the hosts ready now. `--processes N` splits it.
CONCURRENT_REQUESTS = 512
#: The spider yields one item per response; Scrapy (2.13+) starts CONCURRENT_ITEMS tasks per
#: response whatever it yields: 1 made the crawl 1.65x faster (tests/bench/bench_crawl.py).
CONCURRENT_ITEMS = 1
CONCURRENT_REQUESTS_PER_DOMAIN = 2  # per host (Scrapy's download slot is the host name)
DOWNLOAD_DELAY = 0.5  # seconds between requests to one host (AutoThrottle's floor)
AUTOTHROTTLE_ENABLED = True  # back off when a host slows down
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
#: robots.txt Crawl-delay is honoured up to this many seconds; a longer one is capped
#: (and logged): Nutch's fetcher.max.crawl.delay is 30 s too.
BACKLINKS_CRAWL_DELAY_MAX = 30.0

# -- scope and budgets --------------------------------------------------------------------
#: Pages fetched per registered domain (x.co.uk, www.x.com + blog.x.com count together);
#: 0 means no budget. It is what stops a spider trap the other rules miss.
BACKLINKS_MAX_PAGES_PER_DOMAIN = 1000
#: Who counts the budget: this process (a distributed crawl's add-on swaps in the Redis
#: counter crawler.distributed.shared.SharedBudget, shared by every worker).
BACKLINKS_BUDGET_COUNTER = "crawler.middlewares.budget.LocalBudget"
DEPTH_LIMIT = 20  # link hops from the seed page (Heritrix: maxHops=20); the budget bounds the rest
# Depth is tracked by the crawl itself (crawler/frontier.py), which also gives shallower
# requests a higher priority: with FIFO queues, that is breadth-first.
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"
#: One queue per host, and requests handed out only of hosts that are free now (their delay
#: elapsed, below their concurrency), shallowest first: no request waits out its host's delay
#: inside the downloader, taking a place of CONCURRENT_REQUESTS (crawler/slotqueue.py).
SCHEDULER_PRIORITY_QUEUE = "crawler.slotqueue.FreeSlotPriorityQueue"
URLLENGTH_LIMIT = 2083  # longer URLs are dropped (Scrapy's urllength stat)
#: A path segment repeated more often than this (/a/a/a/) marks a trap (Heritrix: 2).
BACKLINKS_MAX_PATH_REPETITIONS = 2
BACKLINKS_MAX_PATH_SEGMENTS = 20  # Heritrix's maxPathDepth
BACKLINKS_MAX_REDIRECTS = 10  # redirect hops followed from one URL
#: Registered domains from the public suffix list's private section too (blogspot.com
#: subdomains are separate sites); off by default, as Ahrefs and Majestic count them.
BACKLINKS_PRIVATE_SUFFIXES = False

# -- safety ----------------------------------------------------------------------------------
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024  # also caps the decompressed size (gzip/br/zstd bombs)
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
DOWNLOAD_TIMEOUT = 30
DNS_TIMEOUT = 10
REDIRECT_MAX_TIMES = 10  # only robots.txt requests use Scrapy's redirects; see the spider
METAREFRESH_ENABLED = False  # meta refresh is a link (kind refresh), followed as one
COOKIES_ENABLED = False  # no state carried between sites
REFERRER_POLICY = "no-referrer"  # tell no site where we came from
TELNETCONSOLE_ENABLED = False  # no local code-execution surface
REMOTE_CONTROL_ENABLED = False
DOWNLOAD_HANDLERS = {"file": None, "data": None, "ftp": None, "s3": None,
                     # Scrapy's, with connections to an operator's proxy kept alive
                     "http": "crawler.download.ProxyPoolDownloadHandler",
                     "https": "crawler.download.ProxyPoolDownloadHandler"}
RETRY_TIMES = 2
#: Never connect to private, loopback, link-local, CGNAT or multicast addresses, whether
#: they come as IP literals or from DNS, on every redirect hop. Hosts or networks listed
#: in BACKLINKS_ALLOWED_PRIVATE (e.g. ["10.0.0.0/8", "intranet.local"]) are let through;
#: BACKLINKS_ALLOW_PRIVATE = True switches the guard off.
BACKLINKS_ALLOW_PRIVATE = False
BACKLINKS_ALLOWED_PRIVATE: list[str] = []
TWISTED_DNS_RESOLVER = "crawler.resolver.PublicOnlyResolver"
MEMUSAGE_ENABLED = True
MEMUSAGE_LIMIT_MB = 0  # set below the container limit in deploy/ so Scrapy closes cleanly

# -- routing -----------------------------------------------------------------------------------
#: Send every request, robots.txt included, through this HTTP proxy ("" = direct). The
#: operator's proxy is trusted: the address guard does not block it.
BACKLINKS_PROXY = ""

# -- output -------------------------------------------------------------------------------------
BACKLINKS_DATA_DIR = "data"  # where links/, pages/, warc/ and crawls/ go
BACKLINKS_CRAWL_ID = ""  # "" = a new id from the start time
BACKLINKS_WORKER_ID = "w0"  # names this process's part files
BACKLINKS_STORE_ROWS_PER_FILE = 100_000  # rows buffered before a part file is written
BACKLINKS_STORE_FLUSH_SECONDS = 60.0  # and at least this often, to bound what a crash loses
BACKLINKS_WARC_ENABLED = True
BACKLINKS_WARC_MAX_BYTES = 1_000_000_000  # a WARC file rolls over past this size (Heritrix)
#: Keep each origin's robots.txt as the crawl obeyed it (DATA/robots/): a refused request
#: leaves no page, and `backlinks coverage` needs them to say robots.txt refused a page.
BACKLINKS_ROBOTS_RECORD = True

# -- distributed mode (crawler/distributed/) ---------------------------------------------
#: A Redis URL (redis://[user:password@]host:port/db, rediss:// for TLS) makes the crawl
#: distributed: scrapy-redis frontier and dupefilter shared by every worker of the crawl id.
REDIS_URL = ""
ADDONS = {"crawler.distributed.addon.DistributedAddon": 0}
BACKLINKS_HEARTBEAT_SECONDS = 5.0  # how often a worker says it is alive
#: A worker silent this long is dead: its leased requests go back to the frontier.
BACKLINKS_LEASE_TIMEOUT = 30
#: Stop when the frontier, all leases and the seed list have been empty this long
#: (0 = wait for more seeds forever).
BACKLINKS_IDLE_TIMEOUT = 0.0
#: "set" (exact; ~81 bytes of Redis per URL) or "bloom" (bounded; see distributed/dupefilter.py).
BACKLINKS_DUPEFILTER = "set"
BACKLINKS_BLOOM_CAPACITY = 100_000_000
BACKLINKS_BLOOM_ERROR_RATE = 1e-4

# -- components ----------------------------------------------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    # Drop Scrapy's offsite filter: scope is per seed's registered domain, in the spider.
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    # Before robots (100): a refused address must not even cost a robots.txt fetch.
    "crawler.middlewares.addressguard.AddressGuardMiddleware": 60,
    # Before robots: a request over budget must not fetch robots.txt either.
    "crawler.middlewares.budget.DomainBudgetMiddleware": 70,
    # Replaces Scrapy's: 5xx robots.txt means "disallow all" (RFC 9309), 4xx "allow all".
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.robots.RobotsPolicyMiddleware": 100,
    # After robots: applies the Crawl-delay that the robots middleware has just read.
    "crawler.middlewares.crawldelay.CrawlDelayMiddleware": 110,
    # Before HttpProxyMiddleware (750): robots.txt requests get the proxy too.
    "crawler.middlewares.proxy.OperatorProxyMiddleware": 740,
}
SPIDER_MIDDLEWARES = {
    # Depth and URL length are checked where links are followed (crawler/frontier.py).
    "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
    "scrapy.spidermiddlewares.urllength.UrlLengthMiddleware": None,
}
ITEM_PIPELINES = {
    "pipelines.archive.ArchivePipeline": 100,  # WARC first: rows point at their record
    "pipelines.extract.ExtractPipeline": 200,  # pages and links, and the next requests
    "pipelines.discover.DiscoverPipeline": 250,  # discovery crawls only: evidence from the links
    "pipelines.store.StorePipeline": 300,  # Parquet
}
EXTENSIONS = {
    "crawler.progress.CrawlProgress": 500,
    "crawler.manifest.CrawlManifest": 510,
    "crawler.robotsrecord.RobotsRecord": 520,  # DATA/robots/: the rules robots.txt set
    "crawler.discovery.controller.DiscoveryController": 530,  # discovery crawls only
}
BACKLINKS_PROGRESS = False  # the command line turns the live progress line on
BACKLINKS_PROGRESS_INTERVAL = 1.0
BACKLINKS_PROGRESS_FILE = ""  # also write the progress counts here (crawl --processes sets it)
#: Write `crawls/<crawl_id>.<worker>.json` rather than `crawls/<crawl_id>.json`: several
#: processes share the data dir (crawl --processes sets it; distributed workers always do).
BACKLINKS_MANIFEST_PER_WORKER = False
#: A bare-domain seed (`example.com`) that fails over https and http is tried as `www.` +
#: domain too. Off for `crawl` (it crawls what it is given); `discover` turns it on for its
#: targets and seeds, whose sites it must reach to learn anything.
BACKLINKS_WWW_FALLBACK = False
#: Follow nofollow links (and links of nofollow pages) to discover pages, as the backlink
#: indexes do; nofollow only changes what a link passes in the graph.
BACKLINKS_FOLLOW_NOFOLLOW = True
#: Fetch the URLs of the crawl's sites that other sites' pages link to and the site's own
#: links did not reach, once the site is done, within its page budget, without following
#: their links (crawler/linkcheck.py): a dead page only others link to is known, for `broken`.
BACKLINKS_CHECK_LINKED_URLS = True
#: Fetch the seeds only, as checks (their links recorded, not followed): `backlinks recheck`,
#: which fetches again just the pages known to link to a site.
BACKLINKS_SEEDS_ONLY = False

# -- discovery (backlinks discover; crawler/discovery/) ------------------------------------------
#: A discovery crawl: it leaves its seeds' domains to find the targets' referring domains.
BACKLINKS_DISCOVER = False
BACKLINKS_DISCOVER_TARGETS: list[str] = []  # the sites whose referring domains are sought
BACKLINKS_DISCOVER_SEEDS: list[str] = []  # where the search starts, once the targets are crawled
#: Candidate domains crawled at most (besides the targets and the seeds); 0: no limit.
BACKLINKS_DISCOVER_MAX_DOMAINS = 100
#: Seeds and candidates crawled at once, to start with: few, so that a candidate found a moment
#: later can still come first. The window grows while the downloader waits on per-host
#: politeness with no free host, up to the largest (crawler/discovery/window.py).
BACKLINKS_DISCOVER_ACTIVE_DOMAINS = 16
BACKLINKS_DISCOVER_ACTIVE_DOMAINS_MAX = 1024
#: The weight of each signal in a candidate's score (crawler/discovery/evidence.py: Weights),
#: e.g. {"topic": 0.7}; unnamed weights keep their default.
BACKLINKS_DISCOVER_WEIGHTS: dict[str, float] = {}
#: The order candidates are admitted in: "score" (best first); "discovery" (first found first)
#: and "popularity" (most linked first) are baselines, to measure what the score is worth.
BACKLINKS_DISCOVER_ORDER = "score"
#: Learn, from the candidates crawled, what each signal is worth on this web
#: (crawler/discovery/learning.py); off: the weights stay as set.
BACKLINKS_DISCOVER_LEARN = True
#: Candidates from outside the crawl (crawler/discovery/priors.py): an imported web graph's
#: name (import-webgraph), and the sites whose Search Console export was imported (import-gsc).
BACKLINKS_DISCOVER_WEBGRAPH = ""
BACKLINKS_DISCOVER_GSC: list[str] = []
BACKLINKS_DISCOVER_WEBGRAPH_LIMIT = 10_000  # in-links read per target, the best ranked first
#: Where the candidates live: in this process, or in Redis (the distributed add-on swaps it).
BACKLINKS_DISCOVER_CANDIDATES = "crawler.discovery.candidates.LocalCandidates"
#: What the crawl's processes share of the profile and the referring domains found (the
#: distributed add-on swaps in Redis: crawler/discovery/exchange.py).
BACKLINKS_DISCOVER_EXCHANGE = "crawler.discovery.exchange.LocalExchange"

# -- graph build (backlinks build; analysis/graph/build.py) -----------------------------------------
#: DuckDB's memory limit for `backlinks build` (--memory-limit overrides it; "" = DuckDB's
#: default, 80% of RAM). Past it the build's sorts, joins and aggregates spill to
#: DATA/.graph-<pid>.spill/, so an index larger than memory builds out of core rather than
#: failing; 2GB keeps a 10M-link build under 3 GiB resident, rank arrays included.
BACKLINKS_BUILD_MEMORY_LIMIT = "2GB"

# -- logs --------------------------------------------------------------------------------------------
LOG_LEVEL = "INFO"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

# -- the explorer (`backlinks serve`, crawler/explorer/) -------------------------------------
#: Where it listens: loopback only, unless --host says otherwise (then a token is required).
BACKLINKS_SERVE_HOST = "127.0.0.1"
BACKLINKS_SERVE_PORT = 8080
#: Rows in one page of a table: the server pages, a browser never receives a whole table.
BACKLINKS_SERVE_ROWS_PER_PAGE = 50
