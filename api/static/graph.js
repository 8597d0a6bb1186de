// Draws small node-link graphs on <canvas class="graph">: the entity page's ego network
// and the console's result graph. Data sits in <script type="application/json"
// id="<canvas id minus -graph>-data"> as {nodes: [{id, name, type, py}], edges: [{source,
// target, type}]}. A plain force layout; click a node to open its page.
(function () {
  "use strict";
  var COLORS = {
    Region: "#4e79a7", Hospital: "#e15759", Organization: "#f28e2b", Department: "#76b7b2",
    Person: "#59a14f", Technique: "#edc948", Program: "#b07aa1", Alliance: "#9c755f"
  };

  function layout(nodes, edges, width, height, centerId) {
    var index = {};
    nodes.forEach(function (n, i) {
      var angle = (2 * Math.PI * i) / Math.max(1, nodes.length);
      n.x = width / 2 + Math.cos(angle) * width * 0.3;
      n.y = height / 2 + Math.sin(angle) * height * 0.3;
      if (n.id === centerId) { n.x = width / 2; n.y = height / 2; }
      index[n.id] = n;
    });
    var links = edges.map(function (e) { return [index[e.source], index[e.target], e]; })
      .filter(function (l) { return l[0] && l[1]; });
    var k = Math.sqrt((width * height) / Math.max(1, nodes.length)) * 0.6;
    for (var step = 0; step < 300; step++) {
      var t = 1 - step / 300;
      nodes.forEach(function (n) { n.dx = 0; n.dy = 0; });
      for (var i = 0; i < nodes.length; i++) {
        for (var j = i + 1; j < nodes.length; j++) {
          var a = nodes[i], b = nodes[j];
          var dx = a.x - b.x, dy = a.y - b.y, d = Math.sqrt(dx * dx + dy * dy) || 0.01;
          var f = (k * k) / d;
          a.dx += (dx / d) * f; a.dy += (dy / d) * f; b.dx -= (dx / d) * f; b.dy -= (dy / d) * f;
        }
      }
      links.forEach(function (l) {
        var dx = l[0].x - l[1].x, dy = l[0].y - l[1].y, d = Math.sqrt(dx * dx + dy * dy) || 0.01;
        var f = (d * d) / k;
        l[0].dx -= (dx / d) * f; l[0].dy -= (dy / d) * f; l[1].dx += (dx / d) * f; l[1].dy += (dy / d) * f;
      });
      nodes.forEach(function (n) {  // gravity keeps separate components on the canvas
        n.dx += (width / 2 - n.x) * 0.3; n.dy += (height / 2 - n.y) * 0.3;
      });
      nodes.forEach(function (n) {
        if (n.id === centerId) return;
        var d = Math.sqrt(n.dx * n.dx + n.dy * n.dy) || 0.01, move = Math.min(d, 20 * t + 0.5);
        n.x = Math.min(width - 30, Math.max(30, n.x + (n.dx / d) * move));
        n.y = Math.min(height - 20, Math.max(20, n.y + (n.dy / d) * move));
      });
    }
    return links;
  }

  function draw(canvas, nodes, links, centerId) {
    var ctx = canvas.getContext("2d");
    var pinyin = document.documentElement.classList.contains("pinyin");
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.lineWidth = 1.2;
    links.forEach(function (l) {
      var a = l[0], b = l[1];
      ctx.strokeStyle = l[2].type === "SUPPORTS" ? "#b3261e" : "#9aa4b2";
      ctx.beginPath(); ctx.moveTo(a.x, a.y); ctx.lineTo(b.x, b.y); ctx.stroke();
      if (l[2].directed !== false) {  // arrow head at the target
        var ang = Math.atan2(b.y - a.y, b.x - a.x), r = 9;
        var tx = b.x - Math.cos(ang) * r, ty = b.y - Math.sin(ang) * r;
        ctx.beginPath(); ctx.moveTo(tx, ty);
        ctx.lineTo(tx - 8 * Math.cos(ang - 0.4), ty - 8 * Math.sin(ang - 0.4));
        ctx.lineTo(tx - 8 * Math.cos(ang + 0.4), ty - 8 * Math.sin(ang + 0.4));
        ctx.closePath(); ctx.fillStyle = ctx.strokeStyle; ctx.fill();
      }
    });
    ctx.font = "13px 'Noto Sans CJK SC', sans-serif";
    nodes.forEach(function (n) {
      ctx.beginPath();
      ctx.arc(n.x, n.y, n.id === centerId ? 10 : 7, 0, 2 * Math.PI);
      ctx.fillStyle = COLORS[n.type] || "#888";
      ctx.fill();
      ctx.fillStyle = "#1d2430";
      ctx.fillText(pinyin && n.py ? n.py : n.name, n.x + 11, n.y + 4);
    });
  }

  function setup(canvas) {
    var holder = document.getElementById(canvas.id.replace(/-graph$/, "-data"));
    if (!holder) return;
    var data = JSON.parse(holder.textContent);
    var ratio = window.devicePixelRatio || 1;
    var width = canvas.clientWidth || canvas.width, height = canvas.clientHeight || canvas.height;
    canvas.width = width * ratio; canvas.height = height * ratio;
    var centerId = canvas.dataset.center || data.center;
    var nodes = data.nodes, links = layout(nodes, data.edges, width, height, centerId);
    function redraw() {
      var ctx = canvas.getContext("2d");
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      draw(canvas, nodes, links, centerId);
    }
    redraw();
    canvas.dataset.drawn = String(nodes.length);
    new MutationObserver(redraw).observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
    canvas.addEventListener("click", function (event) {
      var box = canvas.getBoundingClientRect(), x = event.clientX - box.left, y = event.clientY - box.top;
      var hit = nodes.find(function (n) { return (n.x - x) * (n.x - x) + (n.y - y) * (n.y - y) < 120; });
      if (hit && hit.id !== centerId) window.location.href = "/entity/" + encodeURIComponent(hit.id);
    });
    canvas.style.cursor = "pointer";
  }

  document.querySelectorAll("canvas.graph").forEach(setup);
})();
