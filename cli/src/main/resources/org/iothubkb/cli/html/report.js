// The HTML report's only script: convenience, nothing is drawn by it. Inlined by HtmlSink.
(function () {
  'use strict';

  // Copy a KQL query. The clipboard may be refused on a page opened from a file: then select the text instead.
  function selectText(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
  document.querySelectorAll('button.copy').forEach(function (button) {
    var label = button.textContent;
    button.addEventListener('click', function () {
      var code = button.closest('.kql').querySelector('code');
      var done = function () {
        button.textContent = button.getAttribute('data-copied');
        window.setTimeout(function () { button.textContent = label; }, 1500);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(code.textContent).then(done, function () { selectText(code); });
      } else {
        selectText(code);
      }
    });
  });

  // Open or close every folded part of the causes.
  function setAll(open) {
    document.querySelectorAll('#causes details').forEach(function (d) { d.open = open; });
  }
  var expand = document.getElementById('expand-all');
  var collapse = document.getElementById('collapse-all');
  if (expand) { expand.addEventListener('click', function () { setAll(true); }); }
  if (collapse) { collapse.addEventListener('click', function () { setAll(false); }); }

  // Show only the timelines of devices whose id holds the text typed.
  var filter = document.getElementById('device-filter');
  if (filter) {
    filter.addEventListener('input', function () {
      var wanted = filter.value.trim().toLowerCase();
      document.querySelectorAll('article.device').forEach(function (a) {
        var id = (a.getAttribute('data-device') || '').toLowerCase();
        a.classList.toggle('hidden', wanted !== '' && id.indexOf(wanted) < 0);
      });
    });
  }

  // A link to a side effect inside a closed fold opens the folds around it.
  function reveal() {
    var id = window.location.hash.slice(1);
    try {
      id = decodeURIComponent(id);
    } catch (e) {
      // A malformed escape in the address: look the id up as it is written.
    }
    var target = id && document.getElementById(id);
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === 'DETAILS') { node.open = true; }
    }
    if (target) { target.scrollIntoView(); }
  }
  window.addEventListener('hashchange', reveal);
  if (window.location.hash) { reveal(); }
}());
