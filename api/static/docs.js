// Renders /openapi.json as a readable API reference, offline: every operation with its
// parameters, request body and responses, and a small "try it" form for GET requests.
(function () {
  "use strict";
  var holder = document.getElementById("api-docs");
  if (!holder) return;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  function schemaText(schema, spec) {
    if (!schema) return "";
    if (schema.$ref) return schema.$ref.split("/").pop();
    if (schema.anyOf) return schema.anyOf.map(function (s) { return schemaText(s, spec); }).join(" | ");
    if (schema.type === "array") return schemaText(schema.items, spec) + "[]";
    var text = schema.type || "object";
    if (schema.minimum !== undefined || schema.maximum !== undefined) {
      text += " [" + (schema.minimum !== undefined ? schema.minimum : "") + ".." + (schema.maximum !== undefined ? schema.maximum : "") + "]";
    }
    if (schema.pattern) text += " " + schema.pattern;
    return text;
  }

  function tryForm(path, op) {
    var form = el("form", { "class": "try", method: "get", target: "_blank" });
    var params = (op.parameters || []).filter(function (p) { return p.in === "query" || p.in === "path"; });
    params.forEach(function (p) {
      form.appendChild(el("label", {}, [p.name + " ", el("input", { name: p.name, "data-in": p.in, size: "18" })]));
      form.appendChild(document.createTextNode(" "));
    });
    form.appendChild(el("button", { type: "submit" }, ["Try it"]));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var url = path, query = new URLSearchParams();
      form.querySelectorAll("input").forEach(function (input) {
        if (input.dataset.in === "path") url = url.replace("{" + input.name + "}", encodeURIComponent(input.value));
        else if (input.value) query.append(input.name, input.value);
      });
      window.open(url + (query.toString() ? "?" + query : ""), "_blank");
    });
    return form;
  }

  function render(spec) {
    holder.textContent = "";
    holder.appendChild(el("p", {}, [spec.info.title + " " + spec.info.version]));
    Object.keys(spec.paths).forEach(function (path) {
      var item = spec.paths[path];
      Object.keys(item).forEach(function (method) {
        var op = item[method];
        var box = el("section", { "class": "op", id: op.operationId || path });
        box.appendChild(el("h3", {}, [el("span", { "class": "method" }, [method.toUpperCase()]), el("span", { "class": "path" }, [path]), " — " + (op.summary || "")]));
        if (op.description) box.appendChild(el("p", {}, [op.description]));
        var params = op.parameters || [];
        if (params.length) {
          var table = el("table", {}, [el("tr", {}, [el("th", {}, ["parameter"]), el("th", {}, ["in"]), el("th", {}, ["type"]), el("th", {}, ["description"])])]);
          params.forEach(function (p) {
            table.appendChild(el("tr", {}, [el("td", {}, [p.name + (p.required ? " *" : "")]), el("td", {}, [p.in]), el("td", {}, [schemaText(p.schema, spec)]), el("td", {}, [p.description || (p.schema && p.schema.description) || ""])]));
          });
          box.appendChild(table);
        }
        if (op.requestBody) {
          box.appendChild(el("p", {}, ["Body: " + Object.keys(op.requestBody.content).map(function (m) {
            return m + " (" + schemaText(op.requestBody.content[m].schema, spec) + ")";
          }).join(", ")]));
        }
        box.appendChild(el("p", { "class": "meta" }, ["Responses: " + Object.keys(op.responses || {}).map(function (code) {
          return code + " " + (op.responses[code].description || "");
        }).join(" · ")]));
        if (method === "get") box.appendChild(tryForm(path, op));
        holder.appendChild(box);
      });
    });
    var schemas = (spec.components || {}).schemas || {};
    if (Object.keys(schemas).length) {
      holder.appendChild(el("h2", {}, ["Schemas"]));
      Object.keys(schemas).forEach(function (name) {
        var s = schemas[name], props = s.properties || {};
        holder.appendChild(el("section", { "class": "op", id: "schema-" + name }, [
          el("h3", {}, [name]),
          el("p", {}, [Object.keys(props).map(function (k) { return k + ": " + schemaText(props[k], spec); }).join(", ")])
        ]));
      });
    }
  }

  fetch(holder.dataset.spec).then(function (r) { return r.json(); }).then(render).catch(function (e) {
    holder.textContent = "Could not load the API description: " + e;
  });
})();
