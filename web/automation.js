// window.offerscope: the page's automation API (documented in the README). Every call goes
// to the app's own C++ (web/automation.cpp), on the state the user sees; nothing here keeps
// state of its own. Rows are named "provider:id" (e.g. "vast:11684738").
(function () {
  var call = function (name, ret, types, args) { return Module.ccall(name, ret, types || [], args || []); };
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
    //  completions, history, fragment}
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
    // Durations of the recent frames, ms, oldest first (up to 240).
    frameTimes: function () { return JSON.parse(call('offerscope_frame_times', 'string')); },
    // The app's own work in those frames, ms (layout, filtering, GL submission; not the GPU).
    frameWorkTimes: function () { return JSON.parse(call('offerscope_frame_work_times', 'string')); },
    // Filter + sort of the loaded offers timed inside WebAssembly: median ms over `repeats`.
    benchQuery: function (q, sort, repeats) {
      return call('offerscope_bench_query', 'number', ['string', 'string', 'number'], [q, sort, repeats || 7]);
    },
    // Where display row i's point is in the scatter chart (CSS px), or null.
    chartPoint: function (i) {
      var x = call('offerscope_chart_point_x', 'number', ['number'], [i]);
      var y = call('offerscope_chart_point_y', 'number', ['number'], [i]);
      return x < 0 ? null : { x: x, y: y };
    },
  };
})();
