// A case page opened before routing ran shows "Being routed to the desks…". Its desks
// panel carries data-poll-url; this asks that URL (JSON: state, panel, summary) now and
// then and, once the case is routed (or its dispatch failed), swaps in the new panel and
// the header's list of desks, without reloading the page. It stops then, on an answer
// that is not the panel (logged out, no longer visible), or after MAX_MS.
// A file, never an inline script: the Content-Security-Policy allows this site's files only.
(function () {
  "use strict";
  var FIRST_DELAY_MS = 1000;
  var MAX_DELAY_MS = 10000;
  var MAX_MS = 3 * 60 * 1000; // the routing sweep picks up a missed case within ~90 s

  var panel = document.querySelector("#referrals[data-poll-url]");
  if (!panel || !window.fetch) {
    return;
  }
  var url = panel.getAttribute("data-poll-url");
  var started = Date.now();
  var delay = FIRST_DELAY_MS;

  function swap(answer) {
    var current = document.getElementById("referrals");
    var holder = document.createElement("div");
    holder.innerHTML = answer.panel;
    var fresh = holder.querySelector("#referrals");
    if (current && fresh) {
      current.replaceWith(fresh);
    }
    var summary = document.getElementById("referral-summary");
    if (summary && typeof answer.summary === "string") {
      summary.innerHTML = answer.summary;
    }
  }

  function later() {
    if (Date.now() - started + delay > MAX_MS) {
      return;
    }
    window.setTimeout(poll, delay);
    delay = Math.min(Math.round(delay * 1.5), MAX_DELAY_MS);
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        if (!response.ok || !json) {
          throw new Error("stop");
        }
        return response.json();
      })
      .then(function (answer) {
        if (answer.state === "routing") {
          later();
        } else {
          swap(answer);
        }
      })
      .catch(function (error) {
        if (error && error.message !== "stop") {
          later(); // the network hiccuped: try again
        }
      });
  }

  later();
})();
