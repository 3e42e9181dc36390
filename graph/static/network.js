/* tradekg network view: search, filters, tooltips and details for one vis-network page.
 *
 * Every string that comes from a document is put on the page with textContent, never
 * innerHTML, so a measure text holding markup shows as text. The page makes no request:
 * vis-network is loaded from the output folder's assets and the data sits in #tkg-data.
 * Categories, levels and relations are named once per page, in data.labels.
 */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("tkg-data").textContent);
  var labels = data.labels;
  data.nodes.forEach(function (n) {
    var i = n.info;
    n.search = [i.label_zh, i.label_en, i.key, i.title].concat(i.aliases || [], i.clauses || [])
      .filter(Boolean).join(" ").toLowerCase();
  });
  var degree = {};
  data.edges.forEach(function (e) {
    degree[e.from] = (degree[e.from] || 0) + 1;
    degree[e.to] = (degree[e.to] || 0) + 1;
  });
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var filters = { document: "", level: "", role: "" };
  var visibleNodes = null; // null: no filter, everything visible
  var visibleEdges = null;

  if (data.label_scaling) {
    // Labels sized by links: the hubs read at the zoom that fits the page; measures (12 px,
    // under options.nodes.scaling.label.drawThreshold there) appear once zoomed in.
    nodes.update(data.nodes.filter(function (n) { return n.info.kind !== "measure"; }).map(function (n) {
      return { id: n.id, font: { size: Math.min(44, Math.round(14 + 4 * Math.sqrt(degree[n.id] || 0))) } };
    }));
  }

  var nodeView = new vis.DataView(nodes, {
    filter: function (n) { return visibleNodes === null || visibleNodes.has(n.id); }
  });
  var edgeView = new vis.DataView(edges, {
    filter: function (e) { return visibleEdges === null || visibleEdges.has(e.id); }
  });
  var container = document.getElementById("tkg-network");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, data.options);

  if (data.options.physics && data.options.physics.enabled) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      document.body.setAttribute("data-stable", "true");
    });
  } else {
    document.body.setAttribute("data-stable", "true");
  }

  /* ---------- text helpers (textContent only) ---------- */
  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }
  function row(parent, label, value, className) {
    if (value === undefined || value === null || value === "") { return; }
    var p = el("p", null, className);
    p.appendChild(el("span", label, "tkg-key"));
    p.appendChild(el("span", value, "tkg-value"));
    parent.appendChild(p);
  }

  function describeNode(info, full) {
    var box = el("div");
    var head = el("p", info.label_zh, "tkg-title");
    head.lang = "zh";
    box.appendChild(head);
    if (info.label_en) { var en = el("p", info.label_en, "tkg-en"); en.lang = "en"; box.appendChild(en); }
    var category = labels.category[info.category];
    row(box, "类别 Type: ", category[0] + " / " + category[1]);
    if (info.level && labels.level[info.level]) {
      row(box, "级别 Level: ", labels.level[info.level][0] + " / " + labels.level[info.level][1]);
    }
    if (info.kind === "measure") {
      row(box, "文件 Document: ", info.document);
      row(box, "章节 Section: ", info.section);
      row(box, "措施 Measure: ", info.number + ". " + (info.title || ""));
      row(box, "原文 Source sentence: ", info.text, "tkg-source");
      (info.clauses || []).forEach(function (c) { row(box, "责任条款 Clause: ", c, "tkg-clause"); });
    }
    if (info.kind === "section") { row(box, "文件 Document: ", info.document); }
    if (info.kind === "agency") {
      row(box, "负责措施 Measures: ", info.measures);
      row(box, "牵头措施 Measures led: ", info.measures_led);
      if (info.resolved === false) { row(box, "注意 Note: ", "未在机构名录中识别 not in the authority file"); }
      if (info.dissolved) {
        var to = (info.successors || []).join("、");
        row(box, "已撤销 Dissolved: ", info.dissolved + (to ? "，职责划入 duties to " + to : ""));
      }
    }
    if (info.kind === "concept") { row(box, "相关措施 Measures: ", info.measures); }
    if (full) {
      if (info.href) { box.appendChild(link(info.href, "机构页面 Agency page →")); }
      if (info.source_href) { box.appendChild(link(info.source_href, "查看原文 Source text →")); }
    }
    return box;
  }

  function describeEdge(edge) {
    var info = edge.info;
    var box = el("div");
    var relation = labels.relation[info.relation];
    box.appendChild(el("p", relation[0] + " / " + relation[1], "tkg-title"));
    if (info.role) {
      row(box, "位次 Rank: ", info.rank);
      if (info.clause !== undefined) {  // a position in the clauses of the edge's measure
        var ends = [nodes.get(edge.from), nodes.get(edge.to)].filter(function (n) { return n.info.kind === "measure"; });
        if (ends.length) { row(box, "责任条款 Clause: ", ends[0].info.clauses[info.clause], "tkg-clause"); }
      }
    }
    if (info.measures) {
      row(box, "共同措施 Shared measures: ", info.weight);
      var list = el("ul", null, "tkg-measures");
      info.measures.forEach(function (m) { list.appendChild(el("li", m)); });
      box.appendChild(list);
    }
    return box;
  }

  function link(href, text) {
    var a = el("a", text, "tkg-link");
    a.setAttribute("href", href);
    var p = el("p");
    p.appendChild(a);
    return p;
  }

  /* ---------- tooltip ---------- */
  var tooltip = document.getElementById("tkg-tooltip");
  function showTooltip(content, pointer) {
    tooltip.replaceChildren(content);
    tooltip.hidden = false;
    var rect = container.getBoundingClientRect();
    var x = rect.left + pointer.x + 14, y = rect.top + pointer.y + 14;
    var w = tooltip.offsetWidth, h = tooltip.offsetHeight;
    if (x + w > window.innerWidth - 8) { x = Math.max(8, window.innerWidth - w - 8); }
    if (y + h > window.innerHeight - 8) { y = Math.max(8, rect.top + pointer.y - h - 14); }
    tooltip.style.left = x + "px";
    tooltip.style.top = y + "px";
  }
  function hideTooltip() { tooltip.hidden = true; }
  network.on("hoverNode", function (p) {
    showTooltip(describeNode(nodes.get(p.node).info, false), p.pointer.DOM);
  });
  network.on("hoverEdge", function (p) {
    showTooltip(describeEdge(edges.get(p.edge)), p.pointer.DOM);
  });
  network.on("blurNode", hideTooltip);
  network.on("blurEdge", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("zoom", hideTooltip);

  /* ---------- details panel ---------- */
  var details = document.getElementById("tkg-details-body");
  network.on("click", function (p) {
    if (p.nodes.length) {
      details.replaceChildren(describeNode(nodes.get(p.nodes[0]).info, true));
    } else if (p.edges.length) {
      details.replaceChildren(describeEdge(edges.get(p.edges[0])));
    }
  });

  /* ---------- filters ---------- */
  function passes(facets, key) {
    var want = filters[key];
    if (!want) { return true; }
    var have = facets && facets[key];
    if (!have) { return true; }
    return have.indexOf(want) >= 0;
  }
  function passesAll(facets) {
    return passes(facets, "document") && passes(facets, "level") && passes(facets, "role");
  }
  function applyFilters() {
    var active = filters.document || filters.level || filters.role;
    if (!active) {
      visibleNodes = null;
      visibleEdges = null;
    } else {
      var first = new Set();
      nodes.forEach(function (n) { if (passesAll(n.facets)) { first.add(n.id); } });
      visibleEdges = new Set();
      var touched = new Set();
      edges.forEach(function (e) {
        if (passesAll(e.facets) && first.has(e.from) && first.has(e.to)) {
          visibleEdges.add(e.id);
          touched.add(e.from);
          touched.add(e.to);
        }
      });
      visibleNodes = new Set();
      first.forEach(function (id) { if (touched.has(id) || !degree[id]) { visibleNodes.add(id); } });
    }
    nodeView.refresh();
    edgeView.refresh();
    var status = document.getElementById("tkg-filter-status");
    status.textContent = active
      ? "显示 " + nodeView.length + " / " + nodes.length + " 个节点 nodes shown"
      : "";
  }
  Array.prototype.forEach.call(document.querySelectorAll("select[data-facet]"), function (select) {
    select.addEventListener("change", function () {
      filters[select.getAttribute("data-facet")] = select.value;
      applyFilters();
    });
  });

  /* ---------- search ---------- */
  var searchBox = document.getElementById("tkg-search");
  var results = document.getElementById("tkg-search-results");
  var searchStatus = document.getElementById("tkg-search-status");
  function focusNode(id) {
    network.selectNodes([id]);
    network.focus(id, { scale: 1.1, animation: false });
    details.replaceChildren(describeNode(nodes.get(id).info, true));
  }
  function search(query) {
    var q = (query || "").trim().toLowerCase();
    results.replaceChildren();
    if (!q) { searchStatus.textContent = ""; network.unselectAll(); return []; }
    var found = nodes.get({ filter: function (n) { return n.search.indexOf(q) >= 0; } });
    found.sort(function (a, b) {
      var ea = a.info.label_zh && a.info.label_zh.toLowerCase() === q ? 0 : 1;
      var eb = b.info.label_zh && b.info.label_zh.toLowerCase() === q ? 0 : 1;
      return ea - eb || a.id - b.id;
    });
    searchStatus.textContent = "找到 " + found.length + " 个 found";
    found.slice(0, 50).forEach(function (n) {
      var item = el("li");
      var button = el("button", n.info.label_zh + (n.info.label_en ? " · " + n.info.label_en : ""));
      button.type = "button";
      button.addEventListener("click", function () { focusNode(n.id); });
      item.appendChild(button);
      results.appendChild(item);
    });
    var shown = found.filter(function (n) { return visibleNodes === null || visibleNodes.has(n.id); });
    if (shown.length) {
      network.selectNodes(shown.map(function (n) { return n.id; }));
      network.focus(shown[0].id, { scale: 1.1, animation: false });
      details.replaceChildren(describeNode(shown[0].info, true));
    }
    return found.map(function (n) { return n.id; });
  }
  searchBox.addEventListener("input", function () { search(searchBox.value); });
  document.getElementById("tkg-search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    search(searchBox.value);
  });

  window.tkg = {
    nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView, network: network,
    search: search, filters: filters, applyFilters: applyFilters
  };
})();
