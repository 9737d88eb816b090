/* The stamps of 发起签署, drawn over the page previews at TRUE SCALE and dragged with pointer events.
 *
 * var layer = Eseal.stamps.create(pages, onChange)
 *     pages: [{number, width_mm, height_mm, sheet}] — `sheet` is the positioned element the preview fills.
 *     1 mm on a page is sheet.clientWidth / width_mm CSS px, so a 40 mm seal on a 210 mm page covers 19% of it.
 * layer.add({seal, mode: "single"|"multi"|"seam", page, pages}) -> stamp   (default spot: lower right like the
 *     engine's; seam: against the right edge, centred vertically, sliced over the pages of each group)
 * layer.remove(stamp) / clear() / list() / setLocked(bool) / render()
 * Stamp positions are the seal's top-left corner in mm from the displayed page's top-left (the engine's
 * StampRequest.from_mm convention).
 */
(function () {
  "use strict";
  var E = window.Eseal;
  var SEAM_MAX_PAGES = 20; // engine DEFAULT_SEAM_MAX_PAGES: a seam seal is split into groups of ≤ 20 pages
  var RIGHT_MM = 20, BOTTOM_MM = 30; // engine default spot

  function seamGroups(pages, max) {
    var n = pages.length, count = Math.ceil(n / max), base = Math.floor(n / count), extra = n % count;
    var groups = [], start = 0;
    for (var g = 0; g < count; g++) {
      var size = base + (g < extra ? 1 : 0);
      groups.push(pages.slice(start, start + size));
      start += size;
    }
    return groups;
  }

  function create(pages, onChange) {
    var byNumber = {};
    pages.forEach(function (p) { byNumber[p.number] = p; });
    var stamps = [];
    var locked = false;
    var seq = 0;

    function scale(p) { return p.sheet.clientWidth / p.width_mm; }
    function targets(st) { return st.mode === "single" ? [st.page] : st.pages; }
    function minOf(st, key) {
      return Math.min.apply(null, targets(st).map(function (n) { return byNumber[n][key]; }));
    }
    function clamp(st) {
      var w = st.seal.width_mm, h = st.seal.height_mm;
      if (st.mode !== "seam") st.x_mm = Math.max(0, Math.min(st.x_mm, minOf(st, "width_mm") - w));
      st.y_mm = Math.max(0, Math.min(st.y_mm, minOf(st, "height_mm") - h));
    }

    function place(st) {
      var w = st.seal.width_mm, h = st.seal.height_mm;
      st.nodes.forEach(function (node) {
        var p = byNumber[node.dataset.page], s = scale(p);
        var k = Number(node.dataset.count || 1), i = Number(node.dataset.index || 0);
        var sliceW = w / k;
        var left = st.mode === "seam" ? p.width_mm - sliceW : st.x_mm;
        node.style.left = (left * s) + "px";
        node.style.top = (st.y_mm * s) + "px";
        node.style.width = (sliceW * s) + "px";
        node.style.height = (h * s) + "px";
        var img = node.querySelector("img");
        img.style.width = (w * s) + "px";
        img.style.height = (h * s) + "px";
        img.style.marginLeft = (-i * sliceW * s) + "px";
      });
    }

    function node(st, pageNo, index, count, first) {
      var n = document.createElement("div");
      n.className = "stamp" + (st.mode === "seam" ? " stamp--seam" : "");
      n.dataset.stamp = st.id;
      n.dataset.page = pageNo;
      n.dataset.mode = st.mode;
      if (count > 1) { n.dataset.index = index; n.dataset.count = count; }
      n.setAttribute("role", "img");
      n.setAttribute("aria-label", st.seal.name + "（" + label(st.mode) + "，第 " + pageNo + " 页）");
      var img = document.createElement("img");
      img.src = st.seal.image_url;
      img.alt = "";
      img.draggable = false;
      // the picture is clipped (a seam slice shows its part), the remove button sits outside the seal's corner so
      // the whole seal stays a drag handle even when it is small on a phone (a 20 mm seal is ~30 CSS px)
      var clip = document.createElement("div");
      clip.className = "stamp__clip";
      clip.appendChild(img);
      n.appendChild(clip);
      if (first) {
        var x = document.createElement("button");
        x.type = "button";
        x.className = "stamp__remove";
        x.setAttribute("aria-label", "移除此印章");
        x.textContent = "×";
        x.addEventListener("click", function (ev) { ev.stopPropagation(); remove(st); });
        n.appendChild(x);
      }
      n.addEventListener("pointerdown", function (ev) { startDrag(ev, st, n); });
      byNumber[pageNo].sheet.appendChild(n);
      return n;
    }

    function build(st) {
      st.nodes.forEach(function (n) { n.remove(); });
      st.nodes = [];
      if (st.mode === "seam") {
        var firstDone = false;
        seamGroups(st.pages, SEAM_MAX_PAGES).forEach(function (group) {
          group.forEach(function (pageNo, i) {
            st.nodes.push(node(st, pageNo, i, group.length, !firstDone));
            firstDone = true;
          });
        });
      } else {
        targets(st).forEach(function (pageNo, i) { st.nodes.push(node(st, pageNo, 0, 1, i === 0)); });
      }
      place(st);
    }

    function startDrag(ev, st, n) {
      if (locked || ev.button > 0 || ev.target.closest(".stamp__remove")) return;
      ev.preventDefault();
      var p = byNumber[n.dataset.page], s = scale(p);
      var x0 = ev.clientX, y0 = ev.clientY, mx = st.x_mm, my = st.y_mm;
      n.setPointerCapture(ev.pointerId);
      st.nodes.forEach(function (m) { m.classList.add("is-dragging"); });
      function move(e) {
        if (st.mode !== "seam") st.x_mm = mx + (e.clientX - x0) / s;
        st.y_mm = my + (e.clientY - y0) / s;
        clamp(st);
        place(st);
      }
      function end() {
        n.removeEventListener("pointermove", move);
        n.removeEventListener("pointerup", end);
        n.removeEventListener("pointercancel", end);
        st.nodes.forEach(function (m) { m.classList.remove("is-dragging"); });
        if (onChange) onChange(stamps);
      }
      n.addEventListener("pointermove", move);
      n.addEventListener("pointerup", end);
      n.addEventListener("pointercancel", end);
    }

    function add(spec) {
      var st = { id: "st" + (++seq), seal: spec.seal, mode: spec.mode, page: spec.page || null,
                 pages: spec.pages || null, nodes: [] };
      var w = st.seal.width_mm, h = st.seal.height_mm;
      if (spec.x_mm != null && spec.y_mm != null) {
        st.x_mm = spec.x_mm; st.y_mm = spec.y_mm;
      } else if (st.mode === "seam") {
        st.x_mm = null;
        st.y_mm = (minOf(st, "height_mm") - h) / 2;
      } else {
        var pw = minOf(st, "width_mm"), ph = minOf(st, "height_mm");
        st.x_mm = pw - w - RIGHT_MM; st.y_mm = ph - h - BOTTOM_MM;
        if (st.x_mm < 0 || st.y_mm < 0) { st.x_mm = (pw - w) / 2; st.y_mm = (ph - h) / 2; }
      }
      clamp(st);
      stamps.push(st);
      build(st);
      if (onChange) onChange(stamps);
      return st;
    }

    function remove(st) {
      st.nodes.forEach(function (n) { n.remove(); });
      stamps = stamps.filter(function (x) { return x !== st; });
      if (onChange) onChange(stamps);
    }

    function clear() {
      stamps.slice().forEach(function (st) { st.nodes.forEach(function (n) { n.remove(); }); });
      stamps = [];
      if (onChange) onChange(stamps);
    }

    function setLocked(value) {
      locked = !!value;
      pages.forEach(function (p) { p.sheet.classList.toggle("is-locked", locked); });
    }

    window.addEventListener("resize", function () { stamps.forEach(place); });

    return {
      add: add, remove: remove, clear: clear, setLocked: setLocked,
      list: function () { return stamps.slice(); },
      render: function () { stamps.forEach(place); }
    };
  }

  function label(mode) { return { single: "单页签章", multi: "多页签章", seam: "骑缝签章" }[mode] || mode; }

  E.stamps = { create: create, seamGroups: seamGroups, label: label };
})();
