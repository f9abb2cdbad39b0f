// Coach chat: send a message, show the answer as it streams (Server-Sent Events read with
// fetch, because EventSource cannot POST), what the coach did, and approve / reject
// for a proposed plan version (plain JavaScript, no build step).
"use strict";
(() => {
  const d = fc.data("chat-data");
  const $ = (id) => document.getElementById(id);
  const log = $("chat-log");
  const form = $("chat-form");

  const el = (tag, cls, text) => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const scrollDown = () => window.scrollTo(0, document.body.scrollHeight);
  const now = () => fc.when(new Date());  // as the server writes it: "Sun 22 Nov, 16:15"

  function error(message) {
    const box = $("chat-error");
    if (!box) return;
    box.textContent = message || "";
    box.hidden = !message;
  }

  function bubble(role, text) {
    const li = el("li", `msg ${role}`);
    li.appendChild(el("div", "text", text));
    log.appendChild(li);
    const empty = $("chat-empty");
    if (empty) empty.remove();
    scrollDown();
    return li;
  }

  /** What the coach did that the answer does not already say, in its own words, folded (as
   * the page renders it: no tool names). */
  function tools(li, calls, said) {
    const shown = calls.filter((c) => {
      const what = c.summary || c.error;
      return what && !said.includes(what);
    });
    if (!shown.length) return;
    const box = el("details", "tools");
    box.appendChild(el("summary", "", "What the coach did"));
    const ul = el("ul");
    shown.forEach((c) => {
      const item = el("li", c.ok ? "ok" : "failed", c.ok ? "✓ " : "✗ ");
      item.appendChild(el("span", "", c.summary || c.error));
      ul.appendChild(item);
    });
    box.appendChild(ul);
    li.appendChild(box);
  }

  /** What a proposed version changes, in sentences (the plan page's wording), above its buttons. */
  async function changes(li, version, before) {
    let found;
    try {
      found = await fc.api("GET", `${d.plan_changes}/${version}/changes`);
    } catch (err) {
      return;  // the buttons still work; the plan page shows the changes
    }
    if (!found.changes.length) return;
    const ul = el("ul", "changes");
    found.changes.slice(0, 4).forEach((c) => {
      const item = el("li");
      if (c.where) {
        item.appendChild(el("strong", "", c.where));
        item.appendChild(document.createTextNode(": "));
      }
      item.appendChild(document.createTextNode(c.said));
      ul.appendChild(item);
    });
    if (found.changes.length > 4) {
      const more = el("li", "muted", `and ${found.changes.length - 4} more: `);
      const link = el("a", "", `see version ${version}`);
      link.href = `${d.plan_page}/versions/${version}`;
      more.appendChild(link);
      ul.appendChild(more);
    }
    li.insertBefore(ul, before);
  }

  function decide(li, version) {
    const box = el("div", "decide");
    box.dataset.version = version;
    box.appendChild(el("span", "", `Plan version ${version} waits for your approval.`));
    const yes = el("button", "", "Approve");
    yes.type = "button";
    yes.dataset.decide = "approve";
    const no = el("button", "secondary", "Reject");
    no.type = "button";
    no.dataset.decide = "reject";
    box.append(yes, no);
    li.appendChild(box);
    changes(li, version, box);
  }

  function finish(li, reply) {
    li.classList.remove("pending");
    li.querySelector(".text").textContent = reply.text;
    if (reply.escalated) li.classList.add("escalated");
    tools(li, reply.tool_calls || [], reply.text);
    if (reply.proposed_version) decide(li, reply.proposed_version);
    li.appendChild(el("div", "meta", `${now()} · on the web`));
    scrollDown();
  }

  /** Parse a Server-Sent Events buffer; returns what is left after the last full event. */
  function drain(buffer, onEvent) {
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let name = "message";
      const data = [];
      block.split("\n").forEach((line) => {
        if (line.startsWith("event: ")) name = line.slice(7);
        else if (line.startsWith("data: ")) data.push(line.slice(6));
      });
      if (data.length) onEvent(name, JSON.parse(data.join("\n")));
    }
    return buffer;
  }

  async function send(text) {
    error("");
    bubble("user", text).appendChild(el("div", "meta", `${now()} · on the web`));
    const answer = bubble("assistant pending", "");
    const shown = answer.querySelector(".text");
    const response = await fetch(d.stream, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Accept": "text/event-stream",
        "Content-Type": "application/json",
        "X-CSRF-Token": fc.csrf(),
      },
      body: JSON.stringify({ text }),
    });
    if (!response.ok) {
      const payload = await response.json().catch(() => null);
      answer.remove();
      throw new Error(payload && payload.error ? payload.error.message : response.statusText);
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    let done = false;
    let failure = null;
    const onEvent = (name, data) => {
      if (name === "delta") {
        shown.textContent += data.text;
        scrollDown();
      } else if (name === "reply") {
        finish(answer, data);
        done = true;
      } else if (name === "error") {
        failure = data.error ? data.error.message : "the answer failed";
      }
    };
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
      buffer = drain(buffer + decoder.decode(chunk.value, { stream: true }), onEvent);
    }
    drain(buffer + decoder.decode() + "\n\n", onEvent);
    if (!done) {
      answer.remove();
      throw new Error(failure || "the answer was cut off; send the message again");
    }
  }

  if (form) {
    const input = $("chat-text");
    const button = $("chat-send");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (!text) return;
      button.disabled = true;
      input.value = "";
      try {
        await send(text);
      } catch (e) {
        error(e.message);
        input.value = text;
      } finally {
        button.disabled = false;
        input.focus();
      }
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
  }

  log.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-decide]");
    if (!button) return;
    const box = button.closest(".decide");
    const version = box.dataset.version;
    const action = button.dataset.decide;
    box.querySelectorAll("button").forEach((b) => { b.disabled = true; });
    try {
      const result = await fc.api("POST", `${d.plan_versions}/${version}/${action}`);
      const said = action === "reject" ? `Rejected: version ${version}; the plan in force stays.`
        : result.applied ? `Approved: version ${version} is now your plan.`
        : `The safety validator refused version ${version} now; it is stored rejected.`;
      box.textContent = "";
      box.appendChild(el("span", action === "approve" && result.applied ? "ok" : "", said));
      const link = el("a", "", "See the plan");
      link.href = d.plan_page;
      box.append(" ", link);
    } catch (e) {
      box.querySelectorAll("button").forEach((b) => { b.disabled = false; });
      error(e.message);
    }
  });

  scrollDown();
})();
