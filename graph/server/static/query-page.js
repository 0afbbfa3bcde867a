/* The query page of diplograph serve: YASGUI bound to this server's /sparql, with
 * everything in it that would reach the network switched off (see yasgui/README.md). */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("diplograph-config").textContent);
  var endpoint = new URL(config.endpoint, window.location.href).href;
  var Yasqe = Yasgui.Yasqe;
  var Yasr = Yasgui.Yasr;
  var byName = {};
  config.queries.forEach(function (query) { byName[query.name] = query; });

  // Prefix completion from this service's prefixes only. Given as a list, the completer
  // neither fetches one (prefixCcApi, prefix.cc) nor reads one another page stored.
  var prefixLines = Object.keys(config.prefixes).sort().map(function (name) {
    return name + ": <" + config.prefixes[name] + ">";
  });
  Yasqe.forkAutocompleter("prefixes", {name: "diplograph-prefixes", get: prefixLines, persistenceId: null}, false);
  // The "property" and "class" completers ask Linked Open Vocabularies: left out.
  Yasqe.defaults.autocompleters = ["diplograph-prefixes", "variables"];
  Yasqe.defaults.prefixCcApi = null;
  Yasqe.defaults.collapsePrefixesOnLoad = true;
  Yasr.defaults.prefixes = config.prefixes;
  Yasr.defaults.defaultPlugin = "table";
  Yasr.defaults.pluginOrder = ["table", "response"];

  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    // A function here wins over whatever endpoint a tab holds: every query goes to this server.
    requestConfig: {endpoint: function () { return endpoint; }, method: "POST"},
    endpointCatalogueOptions: {getData: function () { return [{endpoint: endpoint}]; }, keys: []},
    copyEndpointOnNewTab: false,
    // No state from the URL, and none kept: the browser's storage gets no key that another
    // YASGUI on this origin (or this page over another store) could share.
    populateFromUrl: false,
    persistenceId: null,
    autoAddOnInit: false,
    corsProxy: undefined,
    tabName: "Query"
  });

  function titled(tab, title) {
    var link = document.getElementById("tab-" + tab.getId());
    if (link) { link.title = title; }
    return tab;
  }

  var opened = {};  // named query -> the id of the tab it opened in

  function open(name) {
    var query = byName[name];
    if (!query) { return null; }
    if (opened[name] && yasgui.getTab(opened[name])) {
      yasgui.selectTabId(opened[name]);
      return yasgui.getTab(opened[name]);
    }
    var tab = yasgui.addTab(true, {name: query.name, yasqe: {value: query.sparql}});
    opened[name] = tab.getId();
    return titled(tab, query.title);
  }

  titled(yasgui.addTab(true, {name: "Example", yasqe: {value: config.example}}),
         "The leaders in the store and the events each takes part in");

  Array.prototype.forEach.call(document.querySelectorAll("#examples button[data-query]"), function (button) {
    button.addEventListener("click", function () { open(button.getAttribute("data-query")); });
  });

  window.diplograph = {yasgui: yasgui, endpoint: endpoint, open: open};
  document.body.setAttribute("data-ready", "true");
})();
