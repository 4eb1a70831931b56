/*
 * The upgrade planner: computes upgrade paths in the browser from
 * api/v1/policy.json. No dependency, no third-party script.
 *
 * planUpgrade() is a port of generator/policy/paths.py::plan_upgrade, step for
 * step (same preconditions and messages, same dynamic programme over
 * (version, reboot offset): fewest hops, then fewest reboots, ties to the
 * furthest hop), on one release line of policy.json's "lines" (the reader's
 * scenario's); plan() returns the object generator/outputs/api.py::plan_payload
 * builds, the one `rollups path --scenario ID --json` prints, and answers() the
 * answer of every line, grouped as generator/outputs/api.py::paths_by_scenario
 * groups them. The tests run both over every input of several catalogs, on
 * every scenario's line, and require identical answers.
 *
 * The page's state lives in the query string
 * (?scenario=vmware-to-azure&from=9.55&reboot=9.51&to=9.59), so the address of
 * an answer is its permalink. Whatever the query string holds reaches the page
 * as text (textContent) or as an attribute value, never as markup.
 */
(function (global) {
  "use strict";

  var INFINITE = 1 << 30;
  // generator/catalog/model.py (VERSION_PART_DIGITS): parts of at most 9 digits, so that every part is an
  // exact number here (below 2**53) and 9.99999999999999999999 is refused, never rounded.
  var PART_DIGITS = 9;
  var VERSION = /^(\d{1,9})\.(\d{1,9})$/;
  var DIGITS = /^(\d+)\.(\d+)$/;
  var BUILD = /^(\d{1,9})\.(\d{1,9})(?:\.\d{1,9}){1,2}$/;
  var SHORT = 40;

  // --- versions (generator/catalog/model.py::AgentVersion) ----------------

  function parseVersion(text) {
    var match = VERSION.exec(String(text).trim());
    return match ? [parseInt(match[1], 10), parseInt(match[2], 10)] : null;
  }

  // Why text is not an agent version, as generator/outputs/commands.py::_not_an_agent_version says it.
  function notAVersion(text) {
    var shown = String(text).length <= SHORT ? String(text) : String(text).slice(0, SHORT - 3) + "...";
    var build = BUILD.exec(String(text).trim());
    if (build) {
      return "'" + shown + "' is a build number; the agent version is its major.minor, " + build[1] + "." +
        build[2];
    }
    var digits = DIGITS.exec(String(text).trim());
    if (digits) {
      var longest = Math.max(digits[1].length, digits[2].length);
      return "'" + shown + "' is not an agent version: a part has " + longest + " digits; expected " +
        "major.minor with at most " + PART_DIGITS + " digits each, such as 9.16";
    }
    return "'" + shown + "' is not an agent version: expected major.minor, such as 9.16";
  }

  function format(v) {
    return v[0] + "." + v[1];
  }

  function compare(a, b) {
    return a[0] !== b[0] ? a[0] - b[0] : a[1] - b[1];
  }

  function same(a, b) {
    return compare(a, b) === 0;
  }

  function plus(v, minors) {
    return [v[0], v[1] + minors];
  }

  function contains(list, v) {
    return list.some(function (item) { return same(item, v); });
  }

  function distance(older, newer) {
    return older[0] !== newer[0] ? null : newer[1] - older[1];
  }

  function rebootMandatory(rules, lastReboot, target) {
    var gap = distance(lastReboot, target);
    return gap === null || gap > rules.reboot_gap;
  }

  // --- the planner (generator/policy/paths.py::Planner) --------------------

  // Dynamic programming over (version, reboot offset), from the target backwards.
  // An offset of reboot_gap or more makes the next reboot mandatory whatever its
  // exact value, so it is folded into null; an offset so small that no hop up to the
  // target can make a reboot mandatory is folded into the largest such one, so a version
  // has at most one state per version between it and the target, whatever reboot_gap.
  function Planner(rules, released, target) {
    this.rules = rules;
    this.target = target;
    this.released = released.filter(function (v) {
      return v[0] === target[0] && compare(v, target) <= 0;
    });
    this.minors = this.released.map(function (v) { return v[1]; });
    this.best = new Map();
    // released[0 .. uncomputed) have no states in best yet; the rest are done, from the top down.
    this.uncomputed = this.released.length;
  }

  // How many of the ascending numbers are at most value (Python's bisect.bisect_right).
  function bisectRight(sorted, value) {
    var low = 0;
    var high = sorted.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (sorted[middle] <= value) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  // Compute the states of every released version above start, from the target down: each
  // state needs those one hop above it, and only as far as a path asks.
  Planner.prototype.computeAbove = function (start) {
    var low = bisectRight(this.minors, start[1]);
    while (this.uncomputed > low) {
      this.uncomputed -= 1;
      var version = this.released[this.uncomputed];
      var offsets = [null];
      for (var o = this.lowestOffset(version); o < this.rules.reboot_gap; o += 1) offsets.push(o);
      for (var k = 0; k < offsets.length; k += 1) {
        var lastReboot = offsets[k] === null ? null : plus(version, -offsets[k]);
        this.best.set(key(version, offsets[k]), this.choose(version, lastReboot));
      }
    }
  };

  function key(version, offset) {
    return format(version) + "|" + (offset === null ? "-" : offset);
  }

  // The offsets up to this one are alike: no hop up to the target can make a reboot mandatory.
  Planner.prototype.lowestOffset = function (version) {
    return Math.max(0, this.rules.reboot_gap - (this.target[1] - version[1]));
  };

  Planner.prototype.offset = function (version, lastReboot) {
    if (version[0] !== lastReboot[0]) return null;
    var behind = Math.max(version[1] - lastReboot[1], this.lowestOffset(version));
    return behind < this.rules.reboot_gap ? behind : null;
  };

  // Released versions one hop above version, ascending (all of the target's major).
  Planner.prototype.candidates = function (version) {
    var low = bisectRight(this.minors, version[1]);
    var high = bisectRight(this.minors, version[1] + this.rules.max_upgrade_gap);
    return this.released.slice(low, high);
  };

  // The best next hop from version; a null lastReboot means long ago.
  Planner.prototype.choose = function (version, lastReboot) {
    if (same(version, this.target)) return { cost: [0, 0], next: null, reboot: false };
    var best = { cost: [INFINITE, INFINITE], next: null, reboot: false };
    var candidates = this.candidates(version);
    for (var i = 0; i < candidates.length; i += 1) {
      var candidate = candidates[i];
      var reboot = lastReboot === null || rebootMandatory(this.rules, lastReboot, candidate);
      var after = reboot || lastReboot === null ? version : lastReboot;
      var sub = this.best.get(key(candidate, this.offset(candidate, after)));
      var cost = [sub.cost[0] + 1, sub.cost[1] + (reboot ? 1 : 0)];
      // Ties go to the furthest hop: candidates ascend, so "<=" keeps the last.
      if (sub.cost[0] < INFINITE && compare(cost, best.cost) <= 0) {
        best = { cost: cost, next: candidate, reboot: reboot };
      }
    }
    return best;
  };

  // The hops from start, or null when the target is out of reach.
  Planner.prototype.walk = function (start, lastReboot) {
    this.computeAbove(start);
    var hops = [];
    var version = start;
    var rebootAt = lastReboot;
    while (!same(version, this.target)) {
      var state = key(version, this.offset(version, rebootAt));
      var choice = this.best.get(state) || this.choose(version, rebootAt);
      if (choice.next === null) return null;
      hops.push({ target: choice.next, reboot_before: choice.reboot });
      rebootAt = choice.reboot ? version : rebootAt;
      version = choice.next;
    }
    return hops;
  };

  // --- release lines (generator/policy/lines.py) ---------------------------

  // policy.lines holds one entry per group of scenarios with the same release line. The line of a
  // scenario is the entry that lists it; with no scenario, the one line every reader shares, or
  // null when lines differ. undefined: the id is no scenario that installs the agent.
  function lineOf(policy, scenario) {
    if (scenario === null || scenario === undefined || scenario === "") {
      return policy.lines.length === 1 ? policy.lines[0] : null;
    }
    var found = policy.lines.filter(function (line) { return line.scenarios.indexOf(scenario) >= 0; });
    return found.length === 1 ? found[0] : undefined;
  }

  function shorten(text) {
    return String(text).length <= SHORT ? String(text) : String(text).slice(0, SHORT - 3) + "...";
  }

  function scenarioTitle(policy, scenario) {
    var found = policy.scenarios.filter(function (s) { return s.id === scenario; })[0];
    return found ? found.title : scenario;
  }

  // What the page says of a ?scenario= that names no scenario of the policy: the valid ones.
  function notAScenario(policy, scenario) {
    var valid = policy.scenarios.map(function (s) { return s.title + " (" + s.id + ")"; });
    var choice = valid.length > 0 ? "choose one of: " + valid.join("; ") + "."
      : "no scenario installs the " + policy.product.agent_name + ", and one answer holds for every reader.";
    return "'" + shorten(scenario) + "' is not a scenario that installs the " + policy.product.agent_name +
      "; " + choice;
  }

  // --- plan_upgrade ---------------------------------------------------------

  // Like Snapshot.planner(): a line's released versions and one planner per target, built once per line.
  var prepared = new WeakMap();

  function forLine(line) {
    var entry = prepared.get(line);
    if (!entry) {
      entry = {
        released: line.released.map(function (e) { return parseVersion(e.version); }),
        planners: new Map()
      };
      prepared.set(line, entry);
    }
    return entry;
  }

  // What a path is planned on: the rules, one line, and the reader's scenario (null: every reader).
  function View(policy, line, scenario) {
    this.policy = policy;
    this.rules = policy.rules;
    this.line = line;
    this.scenario = scenario || null;
    this.released = forLine(line).released;
  }

  View.prototype.planner = function (target) {
    var planners = forLine(this.line).planners;
    var name = format(target);
    if (!planners.has(name)) planners.set(name, new Planner(this.rules, this.released, target));
    return planners.get(name);
  };

  function releasedAnywhere(policy, version) {
    var text = format(version);
    return policy.lines.some(function (line) {
      return line.released.some(function (e) { return e.version === text; });
    });
  }

  // Why version is no release of the line, as a clause (generator/policy/snapshot.py::not_released).
  View.prototype.notReleased = function (version) {
    var text = format(version);
    var withdrawn = this.line.withdrawn.filter(function (e) { return e.version === text; })[0];
    if (withdrawn) {
      return text + " was withdrawn with " + withdrawn.rollups.map(function (r) { return r.title; }).join(", ");
    }
    if (this.scenario !== null && releasedAnywhere(this.policy, version)) {
      return text + " was not released for " + this.scenario;
    }
    return text + " is not a released version";
  };

  function precondition(view, start, target, lastReboot) {
    var released = view.released;
    if (compare(lastReboot, start) > 0) {
      return "the last reboot (" + format(lastReboot) + ") cannot be on a newer version than the " +
        "installed one (" + format(start) + ")";
    }
    if (!contains(released, target)) {
      return view.notReleased(target) + " (released: " + released.map(format).join(", ") + ")";
    }
    if (compare(start, target) > 0) {
      return format(start) + " is newer than the target " + format(target) +
        "; downgrades are not supported";
    }
    if (start[0] !== target[0]) {
      return format(start) + " and " + format(target) + " are of different major versions; " +
        "the policy counts upgrade hops within one major version only";
    }
    return null;
  }

  function unreachableReason(rules, released, start, target) {
    var gap = rules.max_upgrade_gap;
    var reached = start;
    released.forEach(function (version) {
      var d = distance(reached, version);
      if (compare(reached, version) < 0 && compare(version, target) <= 0 && (d || 0) <= gap) {
        reached = version;
      }
    });
    var beyond = released.filter(function (v) {
      return compare(reached, v) < 0 && compare(v, target) <= 0;
    });
    var windowEnd = plus(reached, gap);
    var window = same(plus(reached, 1), windowEnd)
      ? format(windowEnd)
      : format(plus(reached, 1)) + " to " + format(windowEnd);
    return "no released version lies within " + gap + " versions of " + format(reached) + " (" +
      window + "); the next release is " + format(beyond[0]) + ", so " + format(target) +
      " cannot be reached from " + format(start) + " without exceeding the upgrade limit of " +
      gap + " versions";
  }

  /** The path from start to target (versions as [major, minor]) on a view's line: {hops} or {reason}. */
  function planUpgrade(view, start, target, lastReboot) {
    target = target || parseVersion(view.line.latest);
    lastReboot = lastReboot || start;
    var problem = precondition(view, start, target, lastReboot);
    if (problem !== null) return { start: start, target: target, reason: problem };
    var hops = view.planner(target).walk(start, lastReboot);
    if (hops === null) {
      return { start: start, target: target, reason: unreachableReason(view.rules, view.released, start, target) };
    }
    return { start: start, target: target, lastReboot: lastReboot, hops: hops };
  }

  function asText(path) {
    var parts = [format(path.start)];
    path.hops.forEach(function (hop) {
      if (hop.reboot_before) parts.push("reboot");
      parts.push(format(hop.target));
    });
    return parts.join(" -> ");
  }

  function shippedBy(line, version) {
    var text = format(version);
    var entry = line.released.filter(function (e) { return e.version === text; })[0];
    return entry ? entry.rollups : [];
  }

  // The three inputs as versions ({from, to, reboot}, null where empty), or {invalid: message}.
  function parseInputs(fromText, toText, rebootText) {
    var inputs = [["from", fromText], ["to", toText], ["reboot", rebootText]];
    var parsed = {};
    for (var i = 0; i < inputs.length; i += 1) {
      var text = inputs[i][1];
      if (text === undefined || text === null || String(text).trim() === "") {
        parsed[inputs[i][0]] = null;
        continue;
      }
      parsed[inputs[i][0]] = parseVersion(text);
      if (parsed[inputs[i][0]] === null) return { invalid: notAVersion(text) };
    }
    if (parsed.from === null) return { invalid: "Enter the installed version, such as 9.16." };
    return parsed;
  }

  // The answer on one view, shaped as generator/outputs/api.py::plan_payload.
  function payload(view, parsed) {
    var policy = view.policy;
    var result = planUpgrade(view, parsed.from, parsed.to, parsed.reboot);
    if (result.reason !== undefined) {
      return { as_of: policy.as_of, from: format(result.start), to: format(result.target), error: result.reason };
    }
    var steps = [];
    result.hops.forEach(function (hop) {
      if (hop.reboot_before) steps.push({ action: "reboot" });
      steps.push({
        action: "upgrade",
        to: format(hop.target),
        rollups: shippedBy(view.line, hop.target).map(function (r) { return r.number; })
      });
    });
    return {
      as_of: policy.as_of,
      from: format(result.start),
      last_reboot: format(result.lastReboot),
      to: format(result.target),
      hops: result.hops.map(function (hop) { return format(hop.target); }),
      reboots_before: result.hops.filter(function (hop) { return hop.reboot_before; })
        .map(function (hop) { return format(hop.target); }),
      steps: steps,
      text: asText(result),
      complete: true,
      total_hops: result.hops.length,
      total_reboots: result.hops.filter(function (hop) { return hop.reboot_before; }).length,
      continues: null
    };
  }

  /**
   * The answer for text inputs on the line of scenario (an id; none: the line every reader
   * shares), shaped as generator/outputs/api.py::plan_payload: {as_of, from, last_reboot, to,
   * hops, reboots_before, steps, text, complete, total_hops, total_reboots, continues} (a whole
   * path: complete, continues null) or {as_of, from, to, error}, as `rollups path --scenario`
   * prints it. An unreadable version or an unknown scenario gives {invalid: message}; no scenario
   * where lines differ gives {choose: true} (see answers()).
   */
  function plan(policy, fromText, toText, rebootText, scenario) {
    var parsed = parseInputs(fromText, toText, rebootText);
    if (parsed.invalid !== undefined) return parsed;
    var line = lineOf(policy, scenario);
    if (line === undefined) return { invalid: notAScenario(policy, scenario) };
    if (line === null) return { choose: true };
    if (line.latest === null) {
      return { invalid: "Nothing was released for " + scenarioTitle(policy, scenario) + " as of " +
        policy.as_of_title + "." };
    }
    return payload(new View(policy, line, scenario), parsed);
  }

  /**
   * The answer of every line, as generator/outputs/api.py::paths_by_scenario gives it: a list of
   * {scenarios, answer}, one entry per group of scenarios with the same answer (null: nothing
   * released on their line yet). One entry: the answer holds for every scenario.
   */
  function answers(policy, fromText, toText, rebootText) {
    var parsed = parseInputs(fromText, toText, rebootText);
    if (parsed.invalid !== undefined) return parsed;
    var groups = [];
    var seen = new Map();
    policy.lines.forEach(function (line) {
      var answer = line.latest === null ? null
        : payload(new View(policy, line, line.scenarios.length > 0 ? line.scenarios[0] : null), parsed);
      var key = JSON.stringify(answer);
      if (!seen.has(key)) {
        seen.set(key, { scenarios: [], answer: answer });
        groups.push(seen.get(key));
      }
      seen.get(key).scenarios = seen.get(key).scenarios.concat(line.scenarios);
    });
    return groups;
  }

  /** The numbered steps of an answer on a line, in words, as `rollups path` prints them. */
  function sentences(line, answer) {
    return answer.steps.map(function (step) {
      if (step.action === "reboot") return "Reboot the machine (mandatory before the next upgrade).";
      // Newest first, as the version's page says it: install the newest, the others shipped it too.
      var titles = shippedBy(line, parseVersion(step.to)).map(function (r) { return r.title; }).reverse();
      var also = titles.length > 1 ? " (also shipped by " + titles.slice(1).join(", ") + ")" : "";
      return "Upgrade to " + step.to + ": install " + titles[0] + also + ".";
    });
  }

  global.RollupsPlanner = {
    parseVersion: parseVersion,
    lineOf: lineOf,
    plan: plan,
    answers: answers,
    sentences: sentences
  };

  // --- the page ---------------------------------------------------------------

  if (typeof document === "undefined") return;

  function element(tag, text, attributes) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    return node;
  }

  function versionPages() {
    // The per-version pages are linked from the page itself (rendered by the site
    // engine), so their URLs are right whatever the engine's URL style.
    var pages = {};
    Array.prototype.forEach.call(document.querySelectorAll("a[href*='upgrade/']"), function (link) {
      var match = /upgrade\/(\d+\.\d+)(?:\/|\.html|\.md)?(?:#.*)?$/.exec(link.getAttribute("href"));
      if (match && !pages[match[1]]) pages[match[1]] = link.getAttribute("href");
    });
    return pages;
  }

  function Page(form, result, policy) {
    this.form = form;
    this.result = result;
    this.policy = policy;
    this.pages = versionPages();
  }

  Page.prototype.fields = function () {
    var form = this.form;
    return {
      scenario: form.elements.scenario || null,
      from: form.elements.from,
      reboot: form.elements.reboot,
      to: form.elements.to
    };
  };

  // The scenario the reader chose (an id), or null.
  Page.prototype.scenario = function () {
    var select = this.fields().scenario;
    return select && select.value !== "" ? select.value : null;
  };

  Page.prototype.known = function (scenario) {
    return this.policy.scenarios.some(function (s) { return s.id === scenario; });
  };

  // Where lines differ, the targets are the released versions of the chosen scenario's line (of the
  // major of its N, as the server renders them for a single line); with no scenario chosen, every
  // scenario's latest version (the default) or any version released to some scenario.
  Page.prototype.targets = function (scenario) {
    if (this.policy.one_line) return;
    var select = this.fields().to;
    var kept = select.value;
    var line = scenario === null ? null : lineOf(this.policy, scenario);
    select.textContent = "";
    var versions;
    if (line) {
      var latest = line.latest === null ? null : parseVersion(line.latest);
      versions = line.released.map(function (e) { return e.version; }).filter(function (text) {
        return latest !== null && parseVersion(text)[0] === latest[0];
      });
    } else {
      select.appendChild(element("option", "The latest for the scenario", { value: "" }));
      var all = [];
      this.policy.lines.forEach(function (l) {
        l.released.forEach(function (e) { if (all.indexOf(e.version) < 0) all.push(e.version); });
      });
      versions = all.sort(function (a, b) { return compare(parseVersion(a), parseVersion(b)); });
    }
    versions.forEach(function (text) {
      var label = line && text === line.latest ? text + " (latest)" : text;
      select.appendChild(element("option", label, { value: text }));
    });
    select.value = versions.indexOf(kept) >= 0 ? kept : this.defaultTarget(scenario);
  };

  Page.prototype.defaultTarget = function (scenario) {
    var line = lineOf(this.policy, scenario);
    return line && line.latest !== null ? line.latest : "";
  };

  Page.prototype.fromQuery = function () {
    var query = new URLSearchParams(global.location.search);
    var fields = this.fields();
    var scenario = query.get("scenario");
    var known = scenario !== null && this.known(scenario);
    if (fields.scenario) fields.scenario.value = known ? scenario : "";
    this.targets(known ? scenario : null);
    fields.from.value = query.get("from") || "";
    fields.reboot.value = query.get("reboot") || "";
    var to = query.get("to");
    if (to && !Array.prototype.some.call(fields.to.options, function (o) { return o.value === to; })) {
      fields.to.appendChild(element("option", to, { value: to }));
    }
    fields.to.value = to || this.defaultTarget(known ? scenario : null);
    this.result.textContent = "";
    if (scenario !== null && !known) this.say(notAScenario(this.policy, scenario));
    else if (query.get("from") !== null) this.show(query.get("from"), to, query.get("reboot"), scenario);
  };

  // The page's own address with this query: a permalink.
  function permalink(query) {
    return "?" + query.toString() + global.location.hash;
  }

  Page.prototype.submit = function (event) {
    event.preventDefault();
    var fields = this.fields();
    var scenario = this.scenario();
    var query = new URLSearchParams();
    if (scenario !== null) query.set("scenario", scenario);
    query.set("from", fields.from.value.trim());
    if (fields.reboot.value.trim() !== "") query.set("reboot", fields.reboot.value.trim());
    if (fields.to.value !== "") query.set("to", fields.to.value);
    global.history.pushState(null, "", permalink(query));
    this.show(fields.from.value, fields.to.value, fields.reboot.value, scenario);
  };

  Page.prototype.say = function (text) {
    this.result.appendChild(element("p", text, { class: "planner-error" }));
  };

  Page.prototype.show = function (fromText, toText, rebootText, scenario) {
    this.result.textContent = "";
    var answer = plan(this.policy, fromText, toText, rebootText, scenario);
    if (answer.invalid !== undefined) {
      this.say(answer.invalid);
      return;
    }
    if (answer.choose === undefined) {
      this.answer(lineOf(this.policy, scenario), answer, scenario || null, false);
      return;
    }
    var groups = answers(this.policy, fromText, toText, rebootText);
    if (groups.length === 1 && groups[0].answer !== null) {
      this.answer(this.policy.lines[0], groups[0].answer, null, true);
      return;
    }
    this.choose(groups, fromText, toText, rebootText);
  };

  // One answer: the path in numbered steps, or why there is none.
  Page.prototype.answer = function (line, answer, scenario, forAll) {
    var result = this.result;
    if (answer.error !== undefined) {
      result.appendChild(element("h2", "No upgrade path from " + answer.from + " to " + answer.to,
        { id: "planner-answer" }));
      result.appendChild(element("p", "No upgrade path from " + answer.from + " to " + answer.to + ": " +
        answer.error + "."));
      this.pageLink(answer.from);
      return;
    }
    result.appendChild(element("h2", "Upgrade path from " + answer.from + " to " + answer.to,
      { id: "planner-answer" }));
    var context = "Installed: " + answer.from + ". Last reboot: " + answer.last_reboot + ". ";
    if (scenario !== null && !this.policy.one_line) {
      context += "Scenario: " + scenarioTitle(this.policy, scenario) + ". ";
    }
    result.appendChild(element("p", context + "As of " + this.policy.as_of_title + "."));
    if (forAll) result.appendChild(element("p", "The same path for every scenario."));
    var steps = sentences(line, answer);
    if (steps.length === 0) {
      result.appendChild(element("p", "Nothing to do: the machine is already on " + answer.to + "."));
    } else {
      var list = element("ol", null, { class: "planner-steps" });
      steps.forEach(function (text) { list.appendChild(element("li", text)); });
      result.appendChild(list);
    }
    this.copyControls(answer);
    this.pageLink(answer.from);
  };

  // The path depends on the scenario and none was chosen: each group's answer, and a permalink per
  // scenario (the same question with ?scenario=), as `rollups path` asks for --scenario.
  Page.prototype.choose = function (groups, fromText, toText, rebootText) {
    var policy = this.policy;
    var from = format(parseVersion(fromText));
    this.result.appendChild(element("h2", "The upgrade path from " + from + " depends on the scenario",
      { id: "planner-answer" }));
    this.result.appendChild(element("p", "Some releases reached some scenarios only. Choose the scenario " +
      "the machine is protected by, above or here:"));
    var list = element("ul", null, { class: "planner-scenarios" });
    groups.forEach(function (group) {
      var item = element("li");
      group.scenarios.forEach(function (scenario, index) {
        var query = new URLSearchParams();
        query.set("scenario", scenario);
        query.set("from", from);
        if (String(rebootText || "").trim() !== "") query.set("reboot", String(rebootText).trim());
        if (String(toText || "").trim() !== "") query.set("to", String(toText).trim());
        if (index > 0) item.appendChild(document.createTextNode(", "));
        item.appendChild(element("a", scenarioTitle(policy, scenario), { href: permalink(query) }));
      });
      item.appendChild(document.createTextNode(": "));
      item.appendChild(said(group.answer));
      list.appendChild(item);
    });
    this.result.appendChild(list);
    this.pageLink(from);
  };

  // One group's answer in a line (generator/outputs/commands.py::_said), as a node.
  function said(answer) {
    if (answer === null) return document.createTextNode("nothing released yet");
    if (answer.error !== undefined) return document.createTextNode("no path: " + answer.error);
    if (answer.hops.length === 0) {
      return document.createTextNode("nothing to do: " + answer.from + " is already " + answer.to);
    }
    return pathInto(element("code"), answer);
  }

  // The steps of a path between its arrows, as answer.text joins them: "9.16", "9.20", "reboot", "9.21".
  function textParts(answer) {
    return [answer.from].concat(answer.steps.map(function (step) {
      return step.action === "reboot" ? "reboot" : step.to;
    }));
  }

  // Writes answer.text into node (a code element), each arrow in a span that rollups.css keeps on one
  // line: a narrow screen breaks the path between its steps, never inside "->" (as the pages'
  // partials/macros.md::path_code does). Its text, copied or read aloud, is answer.text.
  function pathInto(node, answer) {
    textParts(answer).forEach(function (part, index) {
      if (index > 0) {
        node.appendChild(document.createTextNode(" "));
        node.appendChild(element("span", "->"));
        node.appendChild(document.createTextNode(" "));
      }
      node.appendChild(document.createTextNode(part));
    });
    return node;
  }

  Page.prototype.copyControls = function (answer) {
    var text = answer.text;
    var line = element("p", null, { class: "planner-text" });
    var code = pathInto(element("code", null, { id: "planner-text" }), answer);
    var button = element("button", "Copy as text", { type: "button", class: "md-button" });
    var status = element("span", "", { role: "status", class: "planner-copied" });
    button.addEventListener("click", function () {
      var done = function () {
        status.textContent = "Copied: ";
        status.appendChild(pathInto(element("code"), answer));
      };
      var fallback = function () {
        var range = document.createRange();
        range.selectNodeContents(code);
        var selection = global.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        status.textContent = "Selected: press Ctrl+C (or Cmd+C) to copy.";
      };
      if (global.navigator.clipboard && global.navigator.clipboard.writeText) {
        global.navigator.clipboard.writeText(text).then(done, fallback);
      } else {
        fallback();
      }
    });
    line.appendChild(code);
    line.appendChild(document.createTextNode(" "));
    line.appendChild(button);
    line.appendChild(document.createTextNode(" "));
    line.appendChild(status);
    this.result.appendChild(line);
    var permalink = element("p");
    permalink.appendChild(element("a", "Link to this answer", { href: global.location.href }));
    this.result.appendChild(permalink);
  };

  Page.prototype.pageLink = function (version) {
    var href = this.pages[version];
    if (!href) return;
    var paragraph = element("p", "More about " + version + ", and what changes with an earlier reboot: ");
    paragraph.appendChild(element("a", "the page of " + version, { href: href }));
    paragraph.appendChild(document.createTextNode("."));
    this.result.appendChild(paragraph);
  };

  function start() {
    var form = document.getElementById("rollups-planner");
    var result = document.getElementById("planner-result");
    if (!form || !result) return;
    global.fetch(form.getAttribute("data-policy"))
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (policy) {
        var page = new Page(form, result, policy);
        form.addEventListener("submit", function (event) { page.submit(event); });
        var choice = page.fields().scenario;
        if (choice) choice.addEventListener("change", function () { page.targets(page.scenario()); });
        global.addEventListener("popstate", function () { page.fromQuery(); });
        form.hidden = false;
        page.fromQuery();
        form.setAttribute("data-ready", "true");
      })
      .catch(function (error) {
        result.textContent = "The planner could not load its data (" + error.message +
          "); the per-version pages below answer the same question.";
      });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})(window);
