/*
 * Corrections from the network page: with an API key entered, the side panel of a selected entity
 * offers merge-with, rename, relabel and reject (POST /curation, X-API-Key), and the view follows
 * without a reload.
 *
 * Self-contained: it reads window.kgViz (viz.js) and watches the side panel, so viz.js is unchanged.
 * The key is kept in sessionStorage (this tab only) and sent only to this API.
 */
(function () {
  "use strict";

  const SLOT = "kg-api-key";
  const CONFIG = JSON.parse(document.getElementById("kg-viz-config").textContent);
  const LABELS = Object.keys(CONFIG.colours).filter((l) => l !== "Document" && l !== "Section");
  const body = document.getElementById("panel-body");

  const style = document.createElement("style");
  style.textContent = `
    #panel-body .curation { border-top: 1px solid #ddd; margin-top: 1em; padding-top: .5em; }
    #panel-body .curation form { display: flex; gap: .3em; margin: .3em 0; }
    #panel-body .curation input, #panel-body .curation select { flex: 1; min-width: 0; }
    #panel-body .curation .message { color: #555; font-size: .9em; }
    #panel-body .curation .message.error { color: #b00020; }`;
  document.head.append(style);

  function el(tag, text, className) {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (className) e.className = className;
    return e;
  }

  /** NFKC, no spaces: the canonical form ids use (graph.core.model.canonical_key). */
  function canonical(name) {
    return name.normalize("NFKC").replace(/\s+/g, "");
  }

  async function post(entry) {
    const response = await fetch(new URL("curation", document.baseURI), {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-API-Key": sessionStorage.getItem(SLOT) || "",
      },
      body: JSON.stringify({ author: "viz", ...entry }),
    });
    const answer = await response.json().catch(() => null);
    if (!response.ok) {
      throw new Error(answer && answer.error ? answer.error.message : `${response.status} ${response.statusText}`);
    }
    return answer.entry;
  }

  async function getJson(path, params) {
    const url = new URL(path, document.baseURI);
    for (const [k, v] of params || []) url.searchParams.append(k, v);
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
    return response.json();
  }

  /** Follow an entry in the view: replace or remove nodes, then fetch the relationships among them. */
  async function follow(entry) {
    const viz = window.kgViz;
    const cy = viz.cy;
    const e = entry.entity;
    let gone = null; // id no longer in the graph
    let keep = e.id; // id to select afterwards (null: none)
    if (entry.action === "merge") gone = entry.other.id;
    else if (entry.action === "reject") [gone, keep] = [e.id, null];
    else if (entry.action === "rename") [gone, keep] = [e.id, `${e.label.toLowerCase()}:${canonical(entry.value)}`];
    else if (entry.action === "relabel") [gone, keep] = [e.id, `${entry.value.toLowerCase()}:${e.id.split(":").slice(1).join(":")}`];

    const old = gone ? cy.getElementById(gone) : cy.collection();
    if (keep && keep !== e.id && cy.getElementById(keep).empty()) {
      const entity = await getJson("entities/" + encodeURIComponent(keep));
      cy.add({ group: "nodes", data: { id: entity.id, label: entity.label, name: entity.name }, position: old.nonempty() ? { ...old.position() } : undefined });
    }
    if (old.nonempty()) cy.remove(old);
    if (keep) {
      const entity = await getJson("entities/" + encodeURIComponent(keep));
      cy.getElementById(keep).data({ label: entity.label, name: entity.name });
    }
    // Relationships among the shown nodes as the graph now has them (the merged one's moved over).
    const ids = cy.nodes().map((n) => n.id());
    for (let i = 0; i < ids.length; i += 40) {
      const params = ids.slice(i, i + 40).map((id) => ["ids", id]);
      params.push(["depth", "0"], ["format", "cytoscape"]);
      const sub = await getJson("subgraph", params);
      for (const edge of sub.elements.edges) {
        if (cy.getElementById(edge.data.id).empty()) {
          const added = cy.add({ group: "edges", data: edge.data });
          if (viz.state.hideTypes.has(edge.data.type)) added.addClass("filtered");
        }
      }
    }
    cy.batch(() => cy.nodes().forEach((n) => n.data("deg", n.degree(false))));
    if (keep) viz.expand(keep); // selects it again: the panel shows the corrected entity
    else document.getElementById("panel-close").click();
  }

  function section(id, label) {
    const box = el("section", undefined, "curation");
    box.append(el("h3", "Correct"));
    const message = el("p", "", "message");
    const keyForm = el("form");
    const key = el("input");
    key.type = "password";
    key.placeholder = "API key (X-API-Key)";
    key.setAttribute("aria-label", "API key");
    key.className = "api-key";
    key.value = sessionStorage.getItem(SLOT) || "";
    const actions = el("div", undefined, "actions");
    actions.hidden = !key.value;
    key.addEventListener("input", () => {
      sessionStorage.setItem(SLOT, key.value);
      actions.hidden = !key.value;
    });
    keyForm.append(key);
    keyForm.addEventListener("submit", (event) => event.preventDefault());

    function action(name, text, build) {
      const form = el("form");
      form.dataset.action = name;
      const fields = build(form);
      const button = el("button", text);
      button.type = "submit";
      form.append(button);
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        message.className = "message";
        message.textContent = "…";
        try {
          const entry = await post(fields());
          message.textContent = entry.summary;
          await follow(entry);
        } catch (error) {
          message.className = "message error";
          message.textContent = error.message;
        }
      });
      actions.append(form);
    }

    function input(form, placeholder) {
      const i = el("input");
      i.placeholder = placeholder;
      i.setAttribute("aria-label", placeholder);
      form.append(i);
      return i;
    }

    action("merge", "Merge into this", (form) => {
      const other = input(form, "the duplicate: name or id");
      return () => ({ action: "merge", targets: [id, other.value.trim()] });
    });
    action("rename", "Rename", (form) => {
      const name = input(form, "new name");
      return () => ({ action: "rename", targets: [id], value: name.value.trim() });
    });
    action("relabel", "Relabel", (form) => {
      const select = el("select");
      select.setAttribute("aria-label", "label");
      for (const l of LABELS) {
        const option = el("option", l);
        option.value = l;
        option.selected = l === label;
        select.append(option);
      }
      form.append(select);
      return () => ({ action: "relabel", targets: [id], value: select.value });
    });
    action("reject", "Reject: not a real name", () => () => ({ action: "reject", targets: [id] }));
    box.append(keyForm, actions, message);
    return box;
  }

  // viz.js fills the panel for the selected entity; add the section when it does (entities only).
  new MutationObserver(() => {
    const id = body.dataset.entity;
    if (!id || body.querySelector(".curation") || !body.firstChild) return;
    const chip = body.querySelector(".chip");
    const label = chip ? chip.textContent : "";
    if (!LABELS.includes(label)) return;
    body.append(section(id, label));
  }).observe(body, { childList: true });
})();
