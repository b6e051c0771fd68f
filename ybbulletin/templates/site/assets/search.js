// Site search: reads ?q=, loads the index as scripts (works from file:// and any sub-path),
// ranks articles and shows them with highlighted snippets. All text goes in through
// textContent / text nodes, never innerHTML: the query and the articles are untrusted.
(function () {
  "use strict";
  var MAX_QUERY = 64;     // characters searched; a longer query is cut, with a note
  var PAGE = 20;          // results shown at a time
  var SNIPPET = 90;       // characters of context around the first hit
  var form = document.getElementById("search-form");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var index = window.YB_SEARCH_INDEX;
  if (!form || !status || !list || !index) { return; }
  document.documentElement.classList.add("search-ready");

  var shards = {};
  var shardWaiters = {};
  var texts = {};
  var textWaiters = {};

  window.YB_SEARCH_SHARD = function (name, terms) {
    shards[name] = terms;
    (shardWaiters[name] || []).forEach(function (done) { done(); });
  };
  window.YB_SEARCH_TEXT = function (path, text) {
    texts[path] = text;
    (textWaiters[path] || []).forEach(function (done) { done(); });
  };

  function loadScript(src, waiters, key, have) {
    return new Promise(function (resolve) {
      if (have[key] !== undefined) { resolve(); return; }
      (waiters[key] = waiters[key] || []).push(resolve);
      if (waiters[key].length > 1) { return; }
      var script = document.createElement("script");
      script.src = src;
      script.onerror = function () { have[key] = null; resolve(); };
      document.head.appendChild(script);
    });
  }

  // NFKC (full-width letters and digits to ASCII) and lower case, keeping every position:
  // the whole string at once when that keeps its length (nearly always), else per character
  function normalize(text) {
    var whole = text.normalize("NFKC").toLowerCase();
    if (whole.length === text.length) { return whole; }
    return text.replace(/[\s\S]/g, function (c) {
      var n = c.normalize("NFKC").toLowerCase();
      return n.length === 1 ? n : c;
    });
  }

  // the titles and 来源/case fields, normalized once per page
  var keys = null;
  function docKeys() {
    if (!keys) {
      keys = index.docs.map(function (row) { return [normalize(row[2]), normalize(row[4])]; });
    }
    return keys;
  }

  function shardOf(term) {
    return term.codePointAt(0) % index.shards;
  }

  function lookup(term) {
    var shard = shards[shardOf(term)];
    return shard && Object.prototype.hasOwnProperty.call(shard, term) ? shard[term] : null;
  }

  // Split one run of the query by the index's vocabulary: longest term first, left to right
  // (the same as ybbulletin.render.search.query_terms).
  function split(run) {
    var chars = Array.from(run);
    var terms = [];
    var i = 0;
    while (i < chars.length) {
      var found = 0;
      for (var j = Math.min(chars.length, i + 12); j > i + 1; j--) {
        if (lookup(chars.slice(i, j).join(""))) { found = j; break; }
      }
      if (found) { terms.push(chars.slice(i, found).join("")); i = found; } else { i += 1; }
    }
    return terms;
  }

  function decode(flat) {
    var map = new Map();
    var doc = 0;
    for (var i = 0; i < flat.length; i += 2) {
      doc += flat[i];
      map.set(doc, flat[i + 1]);
    }
    return map;
  }

  // Every run of the query (the words between spaces) must be found in an article: as a
  // substring of its title, 来源 or case subjects, or as all the index terms it splits into.
  // If no article has every run, those with the most are shown.
  function rank(runs) {
    var n = index.docs.length;
    var entries = new Map();
    function entry(doc) {
      var found = entries.get(doc);
      if (!found) {
        found = { doc: doc, score: 0, cover: runs.map(function () { return 0; }) };
        entries.set(doc, found);
      }
      return found;
    }
    docKeys().forEach(function (key, doc) {
      var title = key[0];
      var extra = key[1];
      runs.forEach(function (run, k) {
        var where = title.indexOf(run) >= 0 ? 20 : extra.indexOf(run) >= 0 ? 8 : 0;
        if (where) {
          var found = entry(doc);
          found.cover[k] = 1;
          found.score += where + (title === run ? 20 : 0);
        }
      });
    });
    var terms = [];
    runs.forEach(function (run, k) {
      var pieces = split(run);
      var counts = new Map();
      pieces.forEach(function (term) {
        var postings = decode(lookup(term));
        var idf = Math.log(1 + n / postings.size);
        postings.forEach(function (weight, doc) {
          entry(doc).score += idf * weight / (weight + 1.5);
          counts.set(doc, (counts.get(doc) || 0) + 1);
        });
        terms.push(term);
      });
      counts.forEach(function (count, doc) {
        var found = entry(doc);
        found.cover[k] = Math.max(found.cover[k], count / pieces.length);
      });
    });
    var ranked = Array.from(entries.values());
    ranked.forEach(function (r) {
      r.coverage = r.cover.reduce(function (a, b) { return a + b; }, 0);
    });
    var best = ranked.reduce(function (m, r) { return Math.max(m, r.coverage); }, 0);
    if (best >= runs.length) {
      ranked = ranked.filter(function (r) { return r.coverage >= runs.length; });
    }
    ranked.sort(function (a, b) {
      return b.coverage - a.coverage || b.score - a.score || a.doc - b.doc;
    });
    return { results: ranked, terms: terms };
  }

  // text[start:end] as text nodes, with every occurrence of a mark (longest first) in <mark>
  function marked(text, marks, start, end) {
    var fragment = document.createDocumentFragment();
    var piece = text.slice(start, end).replace(/\n/g, " ");
    var lower = normalize(piece);
    var i = 0;
    while (i < piece.length) {
      var next = -1;
      var length = 0;
      marks.forEach(function (mark) {
        var at = lower.indexOf(mark, i);
        if (at >= 0 && (next < 0 || at < next || (at === next && mark.length > length))) {
          next = at;
          length = mark.length;
        }
      });
      if (next < 0) { fragment.appendChild(document.createTextNode(piece.slice(i))); break; }
      if (next > i) { fragment.appendChild(document.createTextNode(piece.slice(i, next))); }
      var em = document.createElement("mark");
      em.textContent = piece.slice(next, next + length);
      fragment.appendChild(em);
      i = next + length;
    }
    return fragment;
  }

  // about SNIPPET characters of the text around its first hit, cut with "…"
  function snippet(text, marks) {
    var lower = normalize(text);
    var first = -1;
    marks.forEach(function (mark) {
      var at = lower.indexOf(mark);
      if (at >= 0 && (first < 0 || at < first)) { first = at; }
    });
    var start = Math.max(0, first - 20);
    var end = Math.min(text.length, start + SNIPPET);
    var fragment = document.createDocumentFragment();
    if (start > 0) { fragment.appendChild(document.createTextNode("…")); }
    fragment.appendChild(marked(text, marks, start, end));
    if (end < text.length) { fragment.appendChild(document.createTextNode("…")); }
    return fragment;
  }

  function highlight(text, marks) {
    return marked(text, marks, 0, text.length);
  }

  // docs rows are [issue, article number, title, section, 来源 and case fields]
  function articlePath(row) {
    return index.issues[row[0]][2] + "/" + (row[1] < 10 ? "0" : "") + row[1] + ".html";
  }

  function textPath(path) {
    return "text/" + path.replace(/\.html$/, ".js") + "?v=" + index.version;
  }

  function show(found, marks, from) {
    var root = "../";
    var page = found.slice(from, from + PAGE);
    page.forEach(function (hit) {
      var row = index.docs[hit.doc];
      var issue = index.issues[row[0]];
      var path = articlePath(row);
      var item = document.createElement("li");
      var heading = document.createElement("h2");
      var link = document.createElement("a");
      link.href = root + path;
      link.appendChild(highlight(row[2], marks));
      heading.appendChild(link);
      var meta = document.createElement("p");
      meta.className = "result-meta";
      var time = document.createElement("time");
      time.dateTime = issue[1];
      time.textContent = issue[1];
      meta.appendChild(document.createTextNode(issue[0] + " · " + index.sections[row[3]] + " · "));
      meta.appendChild(time);
      var body = document.createElement("p");
      body.className = "result-snippet";
      item.appendChild(heading);
      item.appendChild(meta);
      item.appendChild(body);
      list.appendChild(item);
      loadScript(textPath(path), textWaiters, path, texts).then(function () {
        if (texts[path]) { body.appendChild(snippet(texts[path], marks)); }
      });
    });
    more.hidden = from + PAGE >= found.length;
    more.onclick = function () { show(found, marks, from + PAGE); };
  }

  function run() {
    var params = new URLSearchParams(window.location.search);
    var raw = (params.get("q") || "").trim();
    var input = form.querySelector("input[name=q]");
    input.value = raw;
    if (!raw) {
      status.textContent = "请输入要查找的词语，例如“医保基金”或“异地就医”。";
      return;
    }
    var cut = Array.from(raw).length > MAX_QUERY;
    var query = normalize(Array.from(raw).slice(0, MAX_QUERY).join("")).trim();
    var runs = query.split(/\s+/).filter(function (r) { return r; });
    var names = {};
    runs.forEach(function (run) {
      Array.from(run).forEach(function (ch) { names[shardOf(ch)] = true; });
    });
    status.textContent = "正在查找……";
    var loads = Object.keys(names).map(function (name) {
      return loadScript("shards/" + name + ".js?v=" + index.version, shardWaiters, name, shards);
    });
    Promise.all(loads).then(function () {
      var ranked = rank(runs);
      var marks = runs.concat(ranked.terms).filter(function (m, i, all) {
        return all.indexOf(m) === i;
      }).sort(function (a, b) { return b.length - a.length; });
      var found = ranked.results;
      var message = found.length
        ? "找到 " + found.length + " 篇与“" + raw.slice(0, MAX_QUERY) + "”有关的文章。"
        : "没有找到与“" + raw.slice(0, MAX_QUERY) + "”有关的文章。可以换一个词，或浏览往期。";
      if (cut) { message += "（查询词较长，只按前 " + MAX_QUERY + " 个字查找。）"; }
      status.textContent = message;
      if (window.performance && performance.mark) { performance.mark("search-results"); }
      document.title = raw.slice(0, MAX_QUERY) + " - " + document.title;
      show(found, marks, 0);
    });
  }

  run();
})();
