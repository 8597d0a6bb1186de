/* aidgraph view: mounts a vis-network graph and its type/year filters.
   Defined once per page, so several fragments can share it. The network and its
   DataSets are exposed as window.aidgraphViews[id] (and window.network, the last one
   mounted) for notebooks, tests and benchmarks. */
(function () {
  if (window.aidgraphMount) return;
  window.aidgraphViews = window.aidgraphViews || {};

  function mount(vid) {
    var mountedAt = performance.now();
    var root = document.getElementById(vid);
    var data = JSON.parse(root.querySelector("script.ag-data").textContent);
    var nodes = new vis.DataSet(data.nodes);
    var edges = new vis.DataSet(data.edges);
    var container = root.querySelector(".ag-canvas");
    var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
    var view = {
      network: network, nodes: nodes, edges: edges,
      mountedAt: mountedAt, drawnAt: performance.now(), stabilized: false, stabilizedAt: null
    };
    window.aidgraphViews[vid] = view;
    window.network = network;

    function done() {
      if (view.stabilized) return;
      view.stabilized = true;
      view.stabilizedAt = performance.now();
      root.dataset.stabilized = "1";
    }
    if (data.options.physics.enabled === false || data.nodes.length === 0) {
      // Large graphs come with their layout computed: settled once drawn.
      network.once("afterDrawing", done);
      network.redraw();
    } else {
      network.once("stabilizationIterationsDone", done);
      network.on("stabilized", done);
    }
    wireFilters(root, data, nodes, edges);
    wirePinyin(root, data, nodes);
  }

  function wirePinyin(root, data, nodes) {
    var box = root.querySelector(".ag-pinyin");
    if (!box) return;
    box.addEventListener("change", function () {
      nodes.update(data.nodes.map(function (n) {
        return { id: n.id, label: box.checked ? n.name + "\n" + n.romanised : n.name };
      }));
    });
  }

  function wireFilters(root, data, nodes, edges) {
    var incident = {};
    data.edges.forEach(function (e) {
      (incident[e.from] = incident[e.from] || []).push(e);
      (incident[e.to] = incident[e.to] || []).push(e);
    });
    var boxes = root.querySelectorAll("input[data-type]");
    var from = root.querySelector(".ag-from");
    var to = root.querySelector(".ag-to");
    var yearText = root.querySelector(".ag-year-text");

    function yearOk(e, y0, y1) {
      if (!e.start && !e.end) return true; // undated relations are never filtered out
      var s = e.start || e.end, t = e.end || e.start;
      return s <= y1 && t >= y0;
    }

    function apply() {
      var hiddenTypes = {};
      boxes.forEach(function (b) { if (!b.checked) hiddenTypes[b.dataset.type] = true; });
      var y0 = from ? Math.min(+from.value, +to.value) : -Infinity;
      var y1 = from ? Math.max(+from.value, +to.value) : Infinity;
      if (yearText) yearText.textContent = y0 + "–" + y1;
      var dated = {};
      data.edges.forEach(function (e) { dated[e.id] = yearOk(e, y0, y1); });
      var shown = {};
      var nodeUpdates = data.nodes.map(function (n) {
        var list = incident[n.id] || [];
        // A node whose every relation falls outside the years is hidden with them.
        var visible = !hiddenTypes[n.ntype] && (list.length === 0 || list.some(function (e) { return dated[e.id]; }));
        shown[n.id] = visible;
        return { id: n.id, hidden: !visible };
      });
      nodes.update(nodeUpdates);
      edges.update(data.edges.map(function (e) {
        return { id: e.id, hidden: !(dated[e.id] && shown[e.from] && shown[e.to]) };
      }));
    }
    boxes.forEach(function (b) { b.addEventListener("change", apply); });
    if (from) { from.addEventListener("input", apply); to.addEventListener("input", apply); }
  }

  window.aidgraphMount = mount;
})();
