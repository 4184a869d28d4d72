// The characters left in each comment box, counted as the respondent types (the page writes
// the count at load; without JavaScript it is the count of the saved comment).
(function () {
  "use strict";
  var source = document.getElementById("comment-count-messages");
  if (!source) return;
  var messages = JSON.parse(source.textContent);
  // The language's own plural rule: French says "1 caractère", "0 caractère" too.
  var plural = new Intl.PluralRules(document.documentElement.lang || "en");

  function text(pair, count) {
    var form = plural.select(count) === "one" ? pair[0] : pair[1];
    return form.replace("%(count)s", String(count));
  }

  function update(box, counter) {
    var remaining = messages.max - box.value.length;
    var next = remaining >= 0 ? text(messages.left, remaining) : text(messages.over, -remaining);
    if (counter.textContent !== next) counter.textContent = next;
  }

  document.querySelectorAll("textarea[data-comment]").forEach(function (box) {
    var counter = document.getElementById(box.id + "_count");
    if (!counter) return;
    update(box, counter);
    box.addEventListener("input", function () { update(box, counter); });
  });
})();
