/*
 * The network page of the Harbin New Area knowledge graph.
 *
 * Data comes from the HTTP API only: GET viz/overview (initial view), entities?q= (search),
 * entities/{id} (side panel), entities/{id}/related (expand on click), subgraph (relationships among
 * the shown nodes). URLs are relative so the page also works behind a path prefix.
 *
 * The first view is the entities' network: the document's structure (Document and Section nodes, half
 * of a report's graph) and nodes with no relationship in view are hidden until asked for, and the
 * best-connected nodes carry their names at a readable size whatever the zoom.
 *
 * The view is described by a small state that lives in the URL hash, so a link restores it:
 *   #focus=<id>      start from one entity and its neighbours instead of the overview
 *   &structure=1     show the document's structure;  &isolated=1  show nodes with no relationship in view
 *   &expand=<id>...  entities whose neighbours were added, in order
 *   &hide=<Label>... labels filtered out;  &hidetype=<TYPE>... relationship types filtered out
 *   &sel=<id>        the entity shown in the side panel
 *
 * window.kgViz exposes the view for tests and the console (nodeCount(), expand(id), ...).
 */
(function () {
  "use strict";

  const CONFIG = JSON.parse(document.getElementById("kg-viz-config").textContent);
  const COLOURS = CONFIG.colours;
  const TYPES = CONFIG.types;
  const STRUCTURE_TYPES = new Set(["PART_OF", "MENTIONS"]);
  const STRUCTURE_LABELS = new Set(["Document", "Section"]);
  const NAMED = 25; // the best-connected nodes whose names are always drawn
  const READABLE_PX = 13; // their names' smallest size on screen
  const RELATED_LIMIT = 100; // neighbours added per click (the API's maximum page)
  const SUBGRAPH_BATCH = 40; // ids per /subgraph call: keeps the URL well under server limits

  const state = {
    focus: null,
    expand: [],
    hideLabels: new Set(),
    hideTypes: new Set(),
    selected: null,
    structure: false,
    isolated: false,
  };
  let pending = 0; // API calls and layouts in flight: the view is idle when this is 0
  let ready = false;
  let lastHash = null; // the hash this page wrote, to tell it from one the user pasted

  const $ = (id) => document.getElementById(id);
  const statusBar = $("status");

  if (window.cytoscape && window.cytoscapeFcose) cytoscape.use(cytoscapeFcose);

  // ---- API ---------------------------------------------------------------------------------

  class ApiError extends Error {}

  async function api(path, params) {
    const url = new URL(path, document.baseURI);
    for (const [key, value] of params || []) url.searchParams.append(key, value);
    pending++;
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      const body = await response.json().catch(() => null);
      if (!response.ok) {
        const message = body && body.error ? body.error.message : response.statusText;
        throw new ApiError(`${response.status}: ${message}`);
      }
      return body;
    } finally {
      pending--;
    }
  }

  function entityPath(id) {
    return "entities/" + encodeURIComponent(id);
  }

  // ---- the network ---------------------------------------------------------------------------

  const cy = cytoscape({
    container: $("cy"),
    minZoom: 0.05,
    maxZoom: 4,
    style: [
      {
        selector: "node",
        style: {
          "background-color": (n) => COLOURS[n.data("label")] || "#7f7f7f",
          label: "data(name)",
          "font-family": getComputedStyle(document.body).getPropertyValue("--cjk") || "sans-serif",
          "font-size": 11,
          "text-valign": "bottom",
          "text-margin-y": 2,
          "text-wrap": "ellipsis",
          "text-max-width": "140px",
          "text-outline-color": "#fff",
          "text-outline-width": 2,
          "min-zoomed-font-size": 7, // names disappear when zoomed far out: 300+ nodes stay readable
          width: (n) => 12 + 2.5 * Math.min(n.data("deg") || 0, 24),
          height: (n) => 12 + 2.5 * Math.min(n.data("deg") || 0, 24),
          "border-width": 1,
          "border-color": "#fff",
        },
      },
      // Section titles are long sentences: smaller and grey, and only once zoomed in, so entity names lead.
      { selector: 'node[label = "Section"]', style: { "font-size": 9, color: "#777", "min-zoomed-font-size": 10 } },
      // The best-connected names stay on screen at READABLE_PX when zoomed out (font-size is in model units).
      {
        selector: "node.named",
        style: {
          "font-size": () => READABLE_PX / Math.min(1, cy.zoom()),
          "text-max-width": () => `${180 / Math.min(1, cy.zoom())}px`,
          "min-zoomed-font-size": 0,
          "font-weight": "bold",
          "z-index": 5,
        },
      },
      { selector: "node.expanded", style: { "border-width": 3, "border-color": "#333", "border-style": "double" } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#111", "font-weight": "bold", "z-index": 10 } },
      {
        selector: "edge",
        style: {
          width: 1.2,
          "line-color": "#aaa",
          "curve-style": "bezier",
          "target-arrow-shape": "triangle",
          "target-arrow-color": "#aaa",
          "arrow-scale": 0.7,
          opacity: 0.8,
        },
      },
      { selector: 'edge[type = "COOPERATES_WITH"]', style: { "target-arrow-shape": "none", "line-color": "#e08a2c" } },
      { selector: 'edge[type = "MENTIONS"], edge[type = "PART_OF"]', style: { "line-style": "dashed", opacity: 0.45, width: 0.8 } },
      {
        selector: "edge.hl",
        style: { label: "data(type)", "font-size": 8, color: "#555", "text-rotation": "autorotate", opacity: 1, width: 2, "line-color": "#555", "target-arrow-color": "#555" },
      },
      { selector: ".faded", style: { opacity: 0.15, "text-opacity": 0.2 } },
      { selector: ".filtered, .isolated", style: { display: "none" } },
    ],
  });

  /** Node data from an entity of the API (EntityOut / NodeOut). */
  function nodeElement(entity) {
    return { group: "nodes", data: { id: entity.id, label: entity.label, name: entity.name } };
  }

  function edgeElement(rel) {
    return {
      group: "edges",
      data: { id: rel.id || `${rel.source}|${rel.type}|${rel.target}`, source: rel.source, target: rel.target, type: rel.type },
    };
  }

  /** Add nodes and edges not yet shown; edges only when both ends are shown. Returns the new nodes. */
  function addElements(nodes, edges) {
    const fresh = nodes.filter((n) => cy.getElementById(n.data.id).empty());
    const added = cy.add(fresh);
    const newEdges = edges.filter(
      (e) =>
        cy.getElementById(e.data.id).empty() &&
        cy.getElementById(e.data.source).nonempty() &&
        cy.getElementById(e.data.target).nonempty(),
    );
    cy.add(newEdges);
    return added;
  }

  /** The relationships between ``ids`` and every node already shown (their depth-1 subgraphs, kept to the view). */
  async function connect(ids) {
    for (let i = 0; i < ids.length; i += SUBGRAPH_BATCH) {
      const params = ids.slice(i, i + SUBGRAPH_BATCH).map((id) => ["ids", id]);
      params.push(["depth", "1"], ["format", "cytoscape"]);
      const body = await api("subgraph", params);
      addElements([], body.elements.edges.map((e) => ({ group: "edges", data: e.data })));
    }
  }

  function updateDegrees() {
    cy.batch(() => cy.nodes().forEach((n) => n.data("deg", n.degree(false))));
  }

  // ---- layout --------------------------------------------------------------------------------

  /** fcose: a fast spring embedder that spreads 300+ nodes without overlaps. ``fixed`` nodes stay put. */
  function runLayout(fixed, { randomize = !fixed } = {}) {
    // Shown nodes and the shown edges among them (an edge to a filtered node must not reach fcose).
    const nodes = cy.nodes().not(".filtered, .isolated");
    if (nodes.empty()) return Promise.resolve();
    const eles = nodes.union(nodes.edgesWith(nodes).not(".filtered"));
    const many = eles.nodes().length > 150;
    const options = {
      name: "fcose",
      eles,
      quality: many ? "default" : "proof",
      randomize,
      animate: false,
      fit: true,
      padding: 30,
      nodeDimensionsIncludeLabels: true,
      nodeRepulsion: () => (many ? 9000 : 6500),
      idealEdgeLength: (e) => (STRUCTURE_TYPES.has(e.data("type")) ? 90 : 60),
      edgeElasticity: () => 0.45,
      gravity: 0.25,
      numIter: 2500,
      packComponents: true,
      tile: true,
    };
    if (fixed && fixed.nonempty()) {
      options.fixedNodeConstraint = fixed.map((n) => ({ nodeId: n.id(), position: { ...n.position() } }));
    }
    pending++;
    return new Promise((resolve) => {
      const layout = cy.layout(options);
      layout.one("layoutstop", resolve);
      seededRandom(() => {
        try {
          layout.run();
        } catch (error) {
          // fcose refuses some constraint sets (e.g. every node fixed): fall back to a free run.
          console.warn("fcose with constraints failed, running it free", error);
          cy.layout({ ...options, fixedNodeConstraint: undefined, randomize: false }).run();
          resolve();
        }
      });
    }).finally(() => pending--);
  }

  /**
   * Run ``work`` with Math.random drawing from a fixed seed: fcose's start positions are random, and the
   * same graph should look the same on every visit (a permalink shows what its sender saw).
   * Without animation fcose runs synchronously, so nothing else draws from it meanwhile.
   */
  function seededRandom(work) {
    const random = Math.random;
    let seed = 0x2545f491;
    Math.random = () => {
      // mulberry32
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    try {
      work();
    } finally {
      Math.random = random;
    }
  }

  /** New nodes start on a ring around ``centre`` so the incremental layout has little to do. */
  function placeAround(centre, nodes) {
    const c = centre.position();
    const r = 60 + 4 * nodes.length;
    nodes.forEach((n, i) => {
      const a = (2 * Math.PI * i) / Math.max(1, nodes.length);
      n.position({ x: c.x + r * Math.cos(a), y: c.y + r * Math.sin(a) });
    });
  }

  // ---- views ---------------------------------------------------------------------------------

  let overviewInfo = null;

  async function loadOverview() {
    const body = await api("viz/overview", state.structure ? [["structure", "true"]] : []);
    overviewInfo = body;
    cy.add(body.elements.nodes.map((n) => ({ group: "nodes", data: n.data })));
    cy.add(body.elements.edges.map((e) => ({ group: "edges", data: e.data })));
  }

  /** Make sure the entity is shown (added from /entities/{id} when it is not). */
  async function ensureNode(id) {
    if (cy.getElementById(id).nonempty()) return cy.getElementById(id);
    const entity = await api(entityPath(id));
    cy.add(nodeElement(entity));
    return cy.getElementById(id);
  }

  /** Add the entity's neighbours (GET entities/{id}/related) and their relationships to the view. */
  async function expandNode(id) {
    const centre = await ensureNode(id);
    const page = await api(entityPath(id) + "/related", [["depth", "1"], ["limit", String(RELATED_LIMIT)]]);
    const nodes = page.items.map((item) => nodeElement(item.entity));
    const edges = page.items.flatMap((item) => item.path.relationships.map(edgeElement));
    const added = addElements(nodes, edges);
    if (added.nonempty()) {
      placeAround(centre, added);
      await connect(added.map((n) => n.id()));
    }
    centre.addClass("expanded");
    return added;
  }

  // ---- filters and legend --------------------------------------------------------------------

  function labelHidden(label) {
    return state.hideLabels.has(label) || (!state.structure && STRUCTURE_LABELS.has(label));
  }

  /** Nodes the user asked for stay shown even without a relationship in view. */
  function wanted(node) {
    const id = node.id();
    return id === state.selected || id === state.focus || state.expand.includes(id);
  }

  function applyFilters() {
    cy.batch(() => {
      cy.nodes().forEach((n) => n.toggleClass("filtered", labelHidden(n.data("label"))));
      cy.edges().forEach((e) => e.toggleClass("filtered", state.hideTypes.has(e.data("type"))));
      cy.nodes().forEach((n) => {
        const linked = n.connectedEdges().some((e) => !e.hasClass("filtered") && !e.connectedNodes().some((m) => m.hasClass("filtered")));
        n.toggleClass("isolated", !state.isolated && !linked && !wanted(n));
      });
      const shown = cy.nodes().not(".filtered, .isolated");
      const byDegree = shown.sort((a, b) => b.degree(false) - a.degree(false) || a.id().localeCompare(b.id()));
      cy.nodes().removeClass("named");
      byDegree.slice(0, NAMED).addClass("named");
    });
    renderFilters();
    showStatus();
  }

  function checkbox(list, key, hidden, counts, swatch, onChange) {
    const li = document.createElement("li");
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.type = "checkbox";
    input.checked = !hidden.has(key);
    input.dataset.key = key;
    input.addEventListener("change", () => {
      if (input.checked) hidden.delete(key);
      else hidden.add(key);
      onChange();
    });
    const name = document.createElement("span");
    name.textContent = key;
    const count = document.createElement("span");
    count.className = "count";
    count.textContent = counts[key] || 0;
    label.append(input, swatch, name, count);
    li.append(label);
    list.append(li);
  }

  function countBy(collection, field) {
    const counts = {};
    collection.forEach((el) => {
      counts[el.data(field)] = (counts[el.data(field)] || 0) + 1;
    });
    return counts;
  }

  function renderFilters() {
    const onChange = () => {
      applyFilters();
      writeHash();
    };
    const legend = $("legend");
    legend.replaceChildren();
    // Only what the view holds: a label or type with nothing to show is not a choice.
    const labelCounts = countBy(cy.nodes(), "label");
    for (const [label, colour] of Object.entries(COLOURS)) {
      if (!labelCounts[label] || STRUCTURE_LABELS.has(label)) continue;
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = colour;
      checkbox(legend, label, state.hideLabels, labelCounts, swatch, onChange);
    }
    const types = $("types");
    types.replaceChildren();
    const typeCounts = countBy(cy.edges(), "type");
    for (const type of TYPES) {
      if (!typeCounts[type]) continue;
      const swatch = document.createElement("span");
      swatch.className = "line" + (STRUCTURE_TYPES.has(type) ? " dashed" : "");
      if (type === "COOPERATES_WITH") swatch.style.borderColor = "#e08a2c";
      checkbox(types, type, state.hideTypes, typeCounts, swatch, onChange);
    }
    const view = $("view-options");
    view.replaceChildren();
    const isolatedCount = cy.nodes(".isolated").length;
    toggle(view, "structure", "Document structure (sections)", state.structure, () => {
      state.structure = !state.structure;
      run(restore);
    });
    toggle(view, "isolated", `Unconnected nodes${isolatedCount ? ` (${isolatedCount} hidden)` : ""}`, state.isolated, () => {
      state.isolated = !state.isolated;
      applyFilters();
      writeHash();
      run(() => runLayout(null));
    });
  }

  function toggle(list, key, text, checked, onChange) {
    const li = document.createElement("li");
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.type = "checkbox";
    input.checked = checked;
    input.dataset.key = key;
    input.addEventListener("change", onChange);
    const name = document.createElement("span");
    name.textContent = text;
    label.append(input, name);
    li.append(label);
    list.append(li);
  }

  function showStatus(message) {
    const shown = cy.nodes().not(".filtered, .isolated").length;
    const rels = cy.edges().not(".filtered").filter((e) => e.visible()).length;
    let text = `${shown} nodes, ${rels} relationships shown`;
    const isolated = cy.nodes(".isolated").length;
    if (isolated) text += `, ${isolated} unconnected hidden`;
    const what = state.structure ? "nodes" : "entities";
    if (overviewInfo && !state.focus) {
      text += overviewInfo.truncated
        ? ` (the ${overviewInfo.limit} best-connected of ${overviewInfo.total_nodes} ${what}; search or click to add more)`
        : ` (all ${overviewInfo.total_nodes} ${what})`;
    }
    statusBar.textContent = message ? `${message} · ${text}` : text;
  }

  function showError(error) {
    document.body.dataset.state = "error";
    statusBar.textContent = `Error: ${error.message}`;
    console.error(error);
  }

  // ---- side panel ----------------------------------------------------------------------------

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function chip(label) {
    const span = el("span", label, "chip");
    span.style.background = COLOURS[label] || "#7f7f7f";
    return span;
  }

  function entityLink(id) {
    const node = cy.getElementById(id);
    const a = el("a", node.nonempty() ? node.data("name") : id);
    a.addEventListener("click", () => run(() => select(id, { expand: true, centre: true })));
    return a;
  }

  async function showPanel(id) {
    const entity = await api(entityPath(id));
    if (state.selected !== id) return; // another node was clicked meanwhile
    const body = $("panel-body");
    body.replaceChildren();
    body.dataset.entity = id;
    body.append(el("h2", entity.name), chip(entity.label), el("div", "")); // spacer line
    body.lastChild.append(el("code", entity.id));
    const focus = el("button", "Show only this and its neighbours", "focus");
    focus.type = "button";
    focus.addEventListener("click", () => {
      state.focus = id;
      state.expand = [];
      state.selected = id;
      run(restore);
    });
    body.append(focus);
    if (entity.aliases && entity.aliases.length) {
      body.append(el("h3", "Aliases"), el("p", entity.aliases.join("、")));
    }
    const props = Object.entries(entity.properties || {});
    if (props.length) {
      body.append(el("h3", "Properties"));
      const dl = el("dl");
      for (const [key, value] of props) {
        dl.append(el("dt", key), el("dd", typeof value === "object" ? JSON.stringify(value) : String(value)));
      }
      body.append(dl);
    }
    body.append(el("h3", `Provenance (${entity.provenance.length})`));
    if (!entity.provenance.length) body.append(el("p", "No quote: a structure node.", "hint"));
    const quotes = el("div", undefined, "provenance");
    for (const p of entity.provenance) {
      const q = el("blockquote", p.quote);
      q.append(el("span", `${p.document} · characters ${p.start}–${p.end}`, "source"));
      quotes.append(q);
    }
    body.append(quotes);
    const node = cy.getElementById(id);
    const edges = node.connectedEdges();
    body.append(el("h3", `Relationships in view (${edges.length})`));
    const ul = el("ul", undefined, "relations");
    edges
      .sort((a, b) => (a.data("type") + a.id()).localeCompare(b.data("type") + b.id()))
      .forEach((e) => {
        const li = el("li");
        const out = e.data("source") === id;
        li.append(`${out ? "→" : "←"} ${e.data("type")} `, entityLink(out ? e.data("target") : e.data("source")));
        ul.append(li);
      });
    body.append(ul);
    $("panel").hidden = false;
    cy.resize(); // the panel narrowed the canvas: keep the selected node in sight
    keepInSight(node);
  }

  function keepInSight(node) {
    const p = node.renderedPosition();
    const margin = 60;
    if (p.x < margin || p.y < margin || p.x > cy.width() - margin || p.y > cy.height() - margin) {
      cy.center(node);
    }
  }

  function highlight(id) {
    cy.elements().removeClass("faded hl");
    if (!id) return;
    const node = cy.getElementById(id);
    const hood = node.closedNeighborhood();
    cy.elements().not(hood).addClass("faded");
    node.connectedEdges().addClass("hl");
  }

  /** Select an entity: expand it (optional), highlight its neighbourhood, fill the side panel. */
  async function select(id, { expand = false, centre = false } = {}) {
    state.selected = id;
    if (expand) {
      const added = await expandNode(id);
      if (id !== state.focus && !state.expand.includes(id)) state.expand.push(id);
      updateDegrees();
      applyFilters();
      if (added.nonempty()) await runLayout(cy.nodes().not(added).not(".filtered, .isolated"));
    }
    cy.nodes().unselect();
    const node = cy.getElementById(id);
    node.select();
    highlight(id);
    writeHash();
    await showPanel(id);
    if (expand || centre) await zoomTo(node.closedNeighborhood().not(".filtered, .isolated"));
  }

  /** Bring a neighbourhood into view, zoomed in enough for its names to be read (at most 1.5×). */
  async function zoomTo(eles) {
    const box = eles.boundingBox();
    const padding = 80;
    const fitZoom = Math.min((cy.width() - 2 * padding) / (box.w || 1), (cy.height() - 2 * padding) / (box.h || 1));
    pending++;
    try {
      await cy.animation({ zoom: Math.min(1.5, Math.max(fitZoom, cy.minZoom())), center: { eles }, duration: 300 }).play().promise();
    } finally {
      pending--;
    }
  }

  function clearSelection() {
    state.selected = null;
    cy.nodes().unselect();
    highlight(null);
    $("panel").hidden = true;
    cy.resize();
    writeHash();
  }

  // ---- permalink -----------------------------------------------------------------------------

  function writeHash() {
    const params = new URLSearchParams();
    if (state.focus) params.set("focus", state.focus);
    state.expand.forEach((id) => params.append("expand", id));
    [...state.hideLabels].sort().forEach((l) => params.append("hide", l));
    [...state.hideTypes].sort().forEach((t) => params.append("hidetype", t));
    if (state.selected) params.set("sel", state.selected);
    if (state.structure) params.set("structure", "1");
    if (state.isolated) params.set("isolated", "1");
    if (time.from !== null) params.set("from", String(time.from));
    if (time.to !== null) params.set("to", String(time.to));
    lastHash = "#" + params.toString();
    history.replaceState(null, "", lastHash === "#" ? location.pathname + location.search : lastHash);
  }

  function readHash() {
    const params = new URLSearchParams(location.hash.slice(1));
    state.focus = params.get("focus");
    state.expand = params.getAll("expand");
    state.hideLabels = new Set(params.getAll("hide"));
    state.hideTypes = new Set(params.getAll("hidetype"));
    state.selected = params.get("sel");
    state.structure = params.get("structure") === "1";
    state.isolated = params.get("isolated") === "1";
    const year = (key) => (/^\d{4}$/.test(params.get(key) || "") ? Number(params.get(key)) : null);
    time.from = year("from");
    time.to = year("to");
    showYears();
  }

  /** Build the view the state describes: base view, expansions in order, filters, selection. */
  async function restore() {
    ready = false;
    document.body.dataset.state = "loading";
    cy.elements().remove();
    $("panel").hidden = true;
    const selected = state.selected;
    if (state.focus) {
      await expandNode(state.focus);
    } else {
      await loadOverview();
    }
    for (const id of state.expand) await expandNode(id);
    updateDegrees();
    applyFilters();
    await runLayout(null);
    // Fitting zoomed out, so the named nodes' names grew (their size is set on screen): lay out once
    // more from where the nodes are, with the names at that size, so that they keep apart.
    cy.style().update();
    await runLayout(null, { randomize: false });
    if (selected && cy.getElementById(selected).nonempty()) await select(selected);
    else writeHash();
    ready = true;
    document.body.dataset.state = "ready";
    showStatus();
  }

  /** Run a user action: errors go to the status bar, the view is marked busy meanwhile. */
  async function run(action) {
    document.body.dataset.state = "busy";
    try {
      await action();
      document.body.dataset.state = "ready";
      showStatus();
    } catch (error) {
      showError(error);
    }
  }

  // ---- search --------------------------------------------------------------------------------

  let searchTimer = null;
  let searchSeq = 0;

  async function search(q) {
    const seq = ++searchSeq;
    const list = $("search-results");
    if (!q.trim()) {
      list.hidden = true;
      return;
    }
    const page = await api("entities", [["q", q], ["limit", "12"]]);
    if (seq !== searchSeq) return; // a newer query is on its way
    list.replaceChildren();
    if (!page.items.length) list.append(el("li", `No entity matches “${q}”`, "empty"));
    page.items.forEach((item, i) => {
      const li = el("li");
      li.dataset.id = item.entity.id;
      li.dataset.label = item.entity.label;
      li.setAttribute("role", "option");
      if (i === 0) li.classList.add("active");
      li.append(chip(item.entity.label), el("span", item.entity.name));
      if (item.matched && item.matched !== item.entity.name) li.append(el("span", item.matched, "matched"));
      li.addEventListener("mousedown", (event) => {
        event.preventDefault(); // keep focus in the box until the click is handled
        pick(item.entity.id, item.entity.label);
      });
      list.append(li);
    });
    list.hidden = false;
  }

  function pick(id, label) {
    $("search-results").hidden = true;
    $("search").blur();
    if (state.hideLabels.delete(label)) applyFilters(); // a searched entity is shown even if its label was off
    run(() => select(id, { expand: true, centre: true }));
  }

  $("search").addEventListener("input", (event) => {
    clearTimeout(searchTimer);
    const q = event.target.value;
    searchTimer = setTimeout(() => search(q).catch(showError), 200);
  });
  $("search").addEventListener("keydown", (event) => {
    const list = $("search-results");
    const items = [...list.querySelectorAll("li[data-id]")];
    const current = items.findIndex((li) => li.classList.contains("active"));
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const next = (current + (event.key === "ArrowDown" ? 1 : -1) + items.length) % Math.max(1, items.length);
      items.forEach((li, i) => li.classList.toggle("active", i === next));
    } else if (event.key === "Enter" && items.length) {
      const chosen = items[Math.max(0, current)];
      pick(chosen.dataset.id, chosen.dataset.label);
    } else if (event.key === "Escape") {
      list.hidden = true;
    }
  });
  $("search").addEventListener("blur", () => setTimeout(() => ($("search-results").hidden = true), 150));

  // ---- events --------------------------------------------------------------------------------

  cy.on("tap", "node", (event) => run(() => select(event.target.id(), { expand: true })));
  cy.on("tap", (event) => {
    if (event.target === cy) clearSelection();
  });
  $("panel-close").addEventListener("click", clearSelection);
  $("fit").addEventListener("click", () => cy.fit(cy.elements().not(".filtered, .isolated"), 30));
  // Named nodes' font follows the zoom (see the style); recomputed once the zoom settles.
  let zoomTimer = null;
  cy.on("zoom", () => {
    clearTimeout(zoomTimer);
    zoomTimer = setTimeout(() => cy.style().update(), 60);
  });
  $("relayout").addEventListener("click", () => run(() => runLayout(null)));
  $("overview").addEventListener("click", () => {
    state.focus = null;
    state.expand = [];
    state.selected = null;
    run(restore);
  });
  $("permalink").addEventListener("click", async () => {
    writeHash();
    try {
      await navigator.clipboard.writeText(location.href);
      showStatus("Link copied");
    } catch {
      showStatus("Link is in the address bar");
    }
  });
  window.addEventListener("hashchange", () => {
    if (location.hash === lastHash) return; // our own replaceState
    readHash();
    run(restore);
  });

  // ---- for tests and the console -------------------------------------------------------------

  window.kgViz = {
    cy,
    state,
    /** True once the view is built and no request or layout is running. */
    idle: () => ready && pending === 0 && document.body.dataset.state !== "busy",
    nodeCount: () => cy.nodes().not(".filtered, .isolated").length,
    edgeCount: () => cy.edges().not(".filtered").filter((e) => e.visible()).length,
    nodeIds: () => cy.nodes().not(".filtered, .isolated").map((n) => n.id()).sort(),
    hasNode: (id) => cy.getElementById(id).nonempty() && cy.getElementById(id).not(".filtered, .isolated").nonempty(),
    /** The names drawn at a readable size: each with its size on screen and its box in page pixels. */
    namedLabels: () =>
      cy.nodes(".named").map((n) => {
        const box = n.renderedBoundingBox({ includeNodes: false, includeLabels: true });
        return { id: n.id(), name: n.data("name"), px: n.pstyle("font-size").pfValue * cy.zoom(), box };
      }),
    findByName: (name) => cy.nodes().filter((n) => n.data("name") === name).map((n) => n.id()),
    /** Where a node is drawn, in page coordinates (for a real mouse click). */
    pagePosition: (id) => {
      const p = cy.getElementById(id).renderedPosition();
      const box = $("cy").getBoundingClientRect();
      return { x: box.left + p.x, y: box.top + p.y };
    },
    expand: (id) => run(() => select(id, { expand: true })),
    overview: () => overviewInfo,
  };

  // ==== Time: the year filter and the timeline panel ==========================================
  // Kept in this one block (and #years / #panel-timeline in index.html). A node is shown when a
  // document of the chosen years read it (GET timeline/years: the years of its provenance); nodes
  // no dated document read stay shown. Selecting an entity lists its events (GET
  // entities/{id}/timeline) under the side panel.

  const time = { from: null, to: null, nodeYears: {}, years: [] };
  cy.style().selector(".year-out").style({ display: "none" }).update();

  function outsideYears(node) {
    if (time.from === null && time.to === null) return false;
    const years = time.nodeYears[node.id()];
    if (!years) return false; // undated: no report places it in time
    return !years.some((y) => (time.from === null || y >= time.from) && (time.to === null || y <= time.to));
  }

  function applyYears() {
    cy.batch(() => cy.nodes().forEach((n) => n.toggleClass("year-out", outsideYears(n))));
    const note = $("years-note");
    if (note) {
      const hidden = cy.nodes(".year-out").length;
      note.textContent = hidden ? `${hidden} nodes of other years hidden` : "";
    }
  }

  function yearSelect(select, years, initial) {
    select.replaceChildren(el("option", initial));
    select.firstChild.value = "";
    for (const y of years) {
      const option = el("option", String(y));
      option.value = String(y);
      select.append(option);
    }
  }

  async function loadYears() {
    const body = await api("timeline/years");
    time.nodeYears = body.nodes;
    time.years = body.years;
    $("years").hidden = !body.years.length;
    yearSelect($("year-from"), body.years, "from …");
    yearSelect($("year-to"), body.years, "… to");
    showYears();
  }

  /** The selects and the graph as time.from / time.to say (a year the graph lacks shows as a choice). */
  function showYears() {
    for (const [id, year] of [["year-from", time.from], ["year-to", time.to]]) {
      const select = $(id);
      const value = year === null ? "" : String(year);
      if (value && ![...select.options].some((o) => o.value === value)) {
        const option = el("option", value);
        option.value = value;
        select.append(option);
      }
      select.value = value;
    }
    applyYears();
  }

  function setYears(from, to) {
    time.from = from === "" || from === null ? null : Number(from);
    time.to = to === "" || to === null ? null : Number(to);
    showYears();
    writeHash();
    showStatus();
  }

  for (const id of ["year-from", "year-to"]) {
    $(id).addEventListener("change", () => setYears($("year-from").value, $("year-to").value));
  }
  $("years-all").addEventListener("click", () => setYears(null, null));
  cy.on("add", "node", () => {
    // Nodes added by a click or a search follow the filter once the batch is in.
    clearTimeout(time.timer);
    time.timer = setTimeout(applyYears, 0);
  });

  async function showTimeline(id) {
    const box = $("panel-timeline");
    box.replaceChildren();
    box.dataset.entity = id;
    const body = await api(entityPath(id) + "/timeline").catch(() => null);
    if (!body || state.selected !== id || !body.items.length) return;
    box.append(el("h3", `Timeline (${body.items.length})`));
    const list = el("ol", undefined, "timeline");
    for (const e of body.items) {
      const li = el("li");
      li.dataset.year = e.year === null ? "" : String(e.year);
      li.append(el("span", e.date || "undated", "when"), el("span", e.stage, "stage"));
      li.append(el("span", e.planned ? "planned" : "done", e.planned ? "planned" : "done"));
      const figures = Object.entries(e.figures || {}).map(([k, v]) => `${k} ${v}`);
      if (figures.length) li.append(el("span", figures.join(", "), "figures"));
      const q = el("blockquote", e.quote);
      q.append(el("span", e.document, "source"));
      li.append(q);
      list.append(li);
    }
    box.append(list);
  }

  cy.on("select", "node", (event) => {
    pending++;
    showTimeline(event.target.id())
      .catch(showError)
      .finally(() => pending--);
  });

  window.kgViz.time = {
    state: time,
    setYears,
    shownCount: () => cy.nodes().not(".filtered, .isolated, .year-out").length,
    shownIds: () => cy.nodes().not(".filtered, .isolated, .year-out").map((n) => n.id()).sort(),
  };
  pending++;
  loadYears()
    .catch(showError)
    .finally(() => pending--);
  // ==== end of Time ===========================================================================

  readHash();
  run(restore);
})();
