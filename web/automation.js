// window.offerscope: the page's automation API (documented in the README). Every call goes
// to the app's own C++ (web/automation.cpp), on the state the user sees; nothing here keeps
// state of its own. Rows are named "provider:id" (e.g. "vast:11684738").
(function () {
  var call = function (name, ret, types, args) { return Module.ccall(name, ret, types || [], args || []); };
  // Page clock (performance.now(), ms since navigation start) at the end of the first frame
  // that showed rows (the frame ready() waits for), for the start-up benchmark.
  var firstRowsMs = null;
  var chainedPostMainLoop = Module.postMainLoop;
  Module.postMainLoop = function () {
    if (chainedPostMainLoop) chainedPostMainLoop();
    if (firstRowsMs === null && call('offerscope_ready', 'number')) firstRowsMs = performance.now();
  };
  window.offerscope = {
    // Resolves (with state()) once the first offers are on screen.
    ready: function () {
      return new Promise(function (resolve) {
        (function poll() {
          if (Module.calledRun && call('offerscope_ready', 'number')) resolve(window.offerscope.state());
          else setTimeout(poll, 50);
        })();
      });
    },
    // {view: <ViewState JSON>, rows: ["provider:id", ... every filtered row in display order],
    //  total: <offers matching the filter>, offers: <offers loaded>,
    //  loading: {provider: {phase, pages, total, offers, message, stale}}, snapshot: <ISO time|null>,
    //  selected, showDetails, showCompare, notices, queryText, queryError, queryErrorPos,
    //  completions, completionsRect and queryMessageRect ([x0, y0, x1, y1] CSS px where the
    //  last frame drew the completion list and the error or warning line; zeros when not
    //  shown), history, fragment}
    state: function () { return JSON.parse(call('offerscope_state', 'string')); },
    // Replaces the query as if typed and committed with Enter (a new history entry).
    setQuery: function (q) { call('offerscope_set_query', null, ['string'], [q]); },
    // Selects display row i (what the arrow keys and clicks do).
    selectRow: function (i) { call('offerscope_select_row', null, ['number'], [i]); },
    // sortBy('price_per_gpu'), sortBy('tflops', true) or a whole key list: sortBy('-tflops,price_per_gpu').
    // Returns false for an unknown field.
    sortBy: function (field, descending) {
      var keys = typeof descending === 'boolean' ? (descending ? '-' : '') + field : field;
      return call('offerscope_sort_by', 'number', ['string'], [keys]) === 1;
    },
    // Adds display row i to the comparison (what `c` does) / shows the compare window.
    compareRow: function (i) { call('offerscope_compare_row', null, ['number'], [i]); },
    openCompare: function () { call('offerscope_open_compare', null); },
    // Shows (or with open === false hides) a window: 'details', 'compare', 'groups',
    // 'instances', 'settings' or 'chart'. Returns false for another name.
    openPanel: function (name, open) {
      return call('offerscope_open_panel', 'number', ['string', 'number'], [name, open === false ? 0 : 1]) === 1;
    },
    // The CSV the Export menu would download (filtered rows, display order).
    exportCsv: function () { return call('offerscope_export_csv', 'string'); },
    // Replaces the offers with n generated ones (benchmarks).
    loadSynthetic: function (n) { call('offerscope_load_synthetic', null, ['number'], [n]); },
    // Frames the loop has run (drawn or not: a frame identical to the last is not drawn).
    frameCount: function () { return call('offerscope_frame_count', 'number'); },
    // Durations of the recent drawn frames, ms, oldest first (up to 240): from the frame's
    // start to the next frame's start, on the browser's frame clock (the timestamps
    // requestAnimationFrame callbacks get).
    frameTimes: function () { return JSON.parse(call('offerscope_frame_times', 'string')); },
    // The app's own work in those frames, ms (layout, filtering, GL submission; not the GPU).
    frameWorkTimes: function () { return JSON.parse(call('offerscope_frame_work_times', 'string')); },
    // The recent drawn frames, oldest first (up to 240), to attribute slow ones: {startMs,
    // intervalMs (to the next frame's start; -1 for the last), callbackIntervalMs (the same
    // from our callback's start to the next's, page clock: with its jitter), workMs (the app's own work;
    // appMs of it in the panels and filtering, renderMs in the UI renderer), damageCss
    // [x0, y0, x1, y1] (the bounding box of what was redrawn), damageRects (how many
    // rectangles), damageShare (their area over the canvas's; an overlap counts twice), drawCalls,
    // fillTriangles, texturedTriangles, lists (ImGui windows drawn), chartDrawn,
    // rowsChanged, cause (what changed: "full: ..." or "window WxH, +window, -window"; empty unless
    // describeFrames(true))}.
    frameLog: function () { return JSON.parse(call('offerscope_frame_log', 'string')); },
    // Fill frameLog()'s `cause` from now on (off by default: it costs a second damage
    // comparison per frame).
    describeFrames: function (on) { call('offerscope_describe_frames', null, ['number'], [on ? 1 : 0]); },
    // Forgets the frames so far: frameTimes() / frameWorkTimes() then hold only later ones.
    resetFrameTimes: function () { call('offerscope_reset_frame_times', null); },
    // Filter + sort of the loaded offers timed inside WebAssembly: median ms over `repeats`.
    benchQuery: function (q, sort, repeats) {
      return call('offerscope_bench_query', 'number', ['string', 'string', 'number'], [q, sort, repeats || 7]);
    },
    // Benchmarks: the rows benchQuery's filter + sort gives ("provider:id", display order),
    // computed without changing the view.
    queryRows: function (q, sort) {
      var rows = JSON.parse(call('offerscope_query_rows', 'string', ['string', 'string'], [q, sort]));
      call('offerscope_release_answer', null);
      return rows;
    },
    // Benchmarks: the loaded offers in table order as plain objects {key, provider, id, gpu,
    // gpu_count, vram_gb, price_usd_per_gpu_hour, country} (unknown numbers are null).
    tableOffers: function () {
      var offers = JSON.parse(call('offerscope_table_offers', 'string'));
      call('offerscope_release_answer', null);
      return offers;
    },
    // Benchmarks: core's parser on `bytes` (a Uint8Array holding a provider's offers page),
    // `repeats` times inside WebAssembly: {ms (median), best, offers, error}.
    benchNormalize: function (provider, bytes, repeats) {
      var ptr = Module._malloc(bytes.length || 1);
      Module.HEAPU8.set(bytes, ptr);
      try {
        return JSON.parse(call('offerscope_bench_normalize', 'string', ['string', 'number', 'number', 'number'],
                               [provider, ptr, bytes.length, repeats || 7]));
      } finally {
        Module._free(ptr);
        call('offerscope_release_answer', null);
      }
    },
    // Benchmarks: WebAssembly memory size, bytes (it only grows).
    heapBytes: function () { return Module.HEAP8.buffer.byteLength; },
    // Benchmarks: page clock (ms since navigation start) at the end of the first frame, and
    // of the first frame that showed rows; null until then.
    timings: function () {
      return { firstFrameMs: window.__offerscopeFirstFrameMs || null, firstRowsMs: firstRowsMs };
    },
    // What the UI is drawn at: {uiScale, dpr, displayCss: [w, h], fontAtlasPx (the font's size
    // in the atlas, framebuffer px), fontCssPx (as laid out), atlasSize: [w, h], atlasBuilds
    // (times the atlas was rasterised), framePaddingCss, cellPaddingCss}.
    uiMetrics: function () { return JSON.parse(call('offerscope_ui_metrics', 'string')); },
    // The next frame redraws the whole canvas instead of only what changed.
    redrawAll: function () { call('offerscope_redraw_all'); },
    // The on-screen rectangle {x0, y0, x1, y1} (CSS px) of display row i of the offer table as
    // drawn in the last frame, or null when it is not wholly visible.
    tableRowRect: function (i) {
      var e = [0, 1, 2, 3].map(function (k) { return call('offerscope_table_row_edge', 'number', ['number', 'number'], [i, k]); });
      return e[0] < 0 ? null : { x0: e[0], y0: e[1], x1: e[2], y1: e[3] };
    },
    // The scatter chart's picture: {shown (one is on screen), current (it is of the table's
    // rows and selection as they are now, and no newer one is being drawn), drawing (a newer
    // picture is being drawn over several frames), drawn, total (its points so far / in all),
    // pointsShown (points in the picture on screen)}.
    chartState: function () { return JSON.parse(call('offerscope_chart_state', 'string')); },
    // Where display row i's point is in the scatter chart (CSS px), or null.
    chartPoint: function (i) {
      var x = call('offerscope_chart_point_x', 'number', ['number'], [i]);
      var y = call('offerscope_chart_point_y', 'number', ['number'], [i]);
      return x < 0 ? null : { x: x, y: y };
    },
  };
})();
