// Background saving of the questionnaire, one question at a time (progressive enhancement:
// without JavaScript the page's Save buttons do the same work). Of a checklist it sends the
// items whose boxes changed, never the others: two tabs ticking different items keep both.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave-url]");
  if (!form || !form.dataset.autosaveUrl) return;
  var messages = JSON.parse(document.getElementById("autosave-messages").textContent);
  var status = form.querySelector("[data-save-status]");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var timers = {};

  function say(text) { if (status) status.textContent = text; }

  function showReason(question) {
    var reason = question.querySelector(".na-reason");
    if (!reason) return;
    var na = question.querySelector("input[type=radio][value=na]");
    reason.hidden = !(na && na.checked);
  }

  function updateProgress(data) {
    var answered = document.querySelector("[data-progress-answered]");
    if (answered) answered.textContent = data.answered;
    var bar = document.querySelector("[data-progress-bar]");
    if (bar) {
      bar.setAttribute("aria-valuenow", data.percent);
      bar.firstElementChild.style.width = data.percent + "%";
    }
    var key = form.dataset.autosaveUrl.split("/d/")[1].split("/")[0];
    var badge = document.querySelector('[data-nav-count="' + key + '"]');
    if (badge) {
      badge.lastChild.textContent = data.dimension_answered + "/" + data.dimension_total;
      badge.classList.toggle("text-bg-success", data.dimension_answered === data.dimension_total);
    }
  }

  // The value of each part of a question's answer (choice, reason, comment), by field name.
  function values(question) {
    var out = {};
    question.querySelectorAll("input, select, textarea").forEach(function (input) {
      if (!input.name || input.name.indexOf("initial-") === 0) return;
      // A checklist item's box: its value when checked, else "" (the server then unticks it).
      if (input.type === "checkbox") {
        out[input.name] = input.checked ? input.value : "";
        return;
      }
      if (input.type === "radio") {
        if (!(input.name in out)) out[input.name] = "";
        if (input.checked) out[input.name] = input.value;
        return;
      }
      out[input.name] = input.value;
    });
    return out;
  }

  // What the server holds, as far as this page knows: the values the page was rendered with
  // (its hidden initial inputs), then each value it saved since.
  function initialInput(question, name) {
    return question.querySelector('input[type=hidden][name="initial-' + name + '"]');
  }

  function save(question) {
    var body = new FormData();
    body.append("csrfmiddlewaretoken", csrf);
    body.append("question", question.dataset.question);
    // Only the parts that changed: a comment typed here never sends back a choice that
    // another tab changed meanwhile.
    var current = values(question);
    var sent = {};
    Object.keys(current).forEach(function (name) {
      var initial = initialInput(question, name);
      if (initial && initial.value === current[name]) return;
      body.append(name, current[name]);
      sent[name] = current[name];
    });
    if (!Object.keys(sent).length) return;
    say(messages.saving);
    fetch(form.dataset.autosaveUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (result.ok) {
        say(messages.saved);
        updateProgress(result.data);
        // The page's own Save button then sends only what changed after this save.
        Object.keys(sent).forEach(function (name) {
          var initial = initialInput(question, name);
          if (initial) initial.value = sent[name];
        });
      }
      else { say(result.data.error || messages.failed); }
    }).catch(function () { say(messages.failed); });
  }

  // A checklist in the page as the server will store it: an item is ticked or not applicable,
  // not both; ticking an item answers the list "as ticked"; "don't know" or "not applicable"
  // for the whole question unticks every item (the server clears them too).
  function followChecklist(question, changed) {
    if (changed.type === "checkbox" && changed.checked) {
      var item = changed.closest("[data-item]");
      item.querySelectorAll("input[type=checkbox]").forEach(function (box) {
        if (box !== changed) box.checked = false;
      });
      var asTicked = question.querySelector("input[type=radio][value=checklist]");
      if (asTicked) asTicked.checked = true;
    }
    if (changed.type === "radio" && changed.value !== "checklist") {
      question.querySelectorAll("[data-item] input[type=checkbox]").forEach(function (box) {
        box.checked = false;
      });
    }
  }

  // Where the respondent is: the page's Save button brings them back to this question.
  var at = form.querySelector("[data-save-at]");

  form.querySelectorAll("[data-question]").forEach(function (question) {
    showReason(question);
    question.addEventListener("focusin", function () {
      if (at) at.value = question.dataset.question;
    });
    question.addEventListener("change", function (event) {
      followChecklist(question, event.target);
      showReason(question);
      save(question);
    });
    question.addEventListener("input", function (event) {
      if (event.target.tagName !== "TEXTAREA") return;
      var key = question.dataset.question;
      clearTimeout(timers[key]);
      timers[key] = setTimeout(function () { save(question); }, 800);
    });
  });
})();
