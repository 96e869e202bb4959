// Draws every <canvas data-chart="..."> from the JSON in its data-chart attribute. The server renders the data; this
// script only styles and draws it, so pages stay readable without it (each chart has its numbers in a table).
(function () {
  'use strict';
  const palette = ['#2563eb', '#059669', '#d97706', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#ea580c', '#475569'];

  function money(v) {
    return Number(v).toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 0 });
  }

  function build(spec) {
    const datasets = spec.series.map(function (s, i) {
      const color = s.color || palette[i % palette.length];
      return {
        label: s.label,
        data: s.data,
        type: s.type || undefined,
        yAxisID: spec.horizontal ? undefined : (s.axis || 'y'),
        borderColor: color,
        backgroundColor: spec.type === 'line' && !s.type ? color + '33' : color,
        borderWidth: spec.type === 'line' || s.type === 'line' ? 2 : 0,
        pointRadius: spec.type === 'line' || s.type === 'line' ? 1.5 : undefined,
        fill: s.fill || false,
        tension: 0.2,
        stepped: s.stepped || false
      };
    });
    const categoryAxis = { stacked: !!spec.stacked, title: { display: !!spec.xTitle, text: spec.xTitle || '' },
                           type: spec.xLinear ? 'linear' : 'category', min: spec.xMin, max: spec.xMax };
    const valueAxis = { stacked: !!spec.stacked, beginAtZero: true, type: 'linear',
                        title: { display: !!spec.yTitle, text: spec.yTitle || '' }, min: spec.yMin, max: spec.yMax };
    // A horizontal bar chart puts the categories on y and the values on x.
    const scales = spec.horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis };
    if (spec.y2Title) {
      scales.y2 = { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false },
                    title: { display: true, text: spec.y2Title } };
    }
    return {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        indexAxis: spec.horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: datasets.length > 1 },
          tooltip: { callbacks: spec.money ? { label: function (c) { return c.dataset.label + ': ' + money(c.raw); } } : {} }
        },
        scales: scales
      }
    };
  }

  const charts = {};

  function drawAll() {
    document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
      const spec = JSON.parse(canvas.getAttribute('data-chart'));
      charts[canvas.id] = new Chart(canvas, build(spec));
      canvas.setAttribute('data-drawn', 'true');
    });
  }

  // A page with [data-live] parts follows /api/events: on new orders or a new dataset it fetches itself again (at
  // most once a second) and swaps in those parts and the charts' data, so the numbers stay the server's.
  function follow() {
    if (!document.querySelector('[data-live]') || typeof EventSource === 'undefined') {
      return;
    }
    let pending = false;
    let last = 0;
    function say(text) {
      // Looked up each time: a refresh replaces the panel it is in.
      const status = document.getElementById('live-status');
      if (status) {
        status.textContent = text;
      }
    }
    function refresh() {
      pending = false;
      last = Date.now();
      fetch(window.location.href, { headers: { 'Accept': 'text/html' }, credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) {
          const next = new DOMParser().parseFromString(html, 'text/html');
          document.querySelectorAll('[data-live][id]').forEach(function (part) {
            const fresh = next.getElementById(part.id);
            if (fresh) {
              part.replaceWith(fresh);
            }
          });
          next.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
            const chart = charts[canvas.id];
            const old = document.getElementById(canvas.id);
            if (chart && old && old.getAttribute('data-chart') !== canvas.getAttribute('data-chart')) {
              old.setAttribute('data-chart', canvas.getAttribute('data-chart'));
              const built = build(JSON.parse(canvas.getAttribute('data-chart')));
              chart.data = built.data;
              chart.update();
            }
          });
          say('Updated ' + new Date().toLocaleTimeString() + ' from the event stream.');
        })
        .catch(function () { say('Could not refresh; the next event tries again.'); });
    }
    function schedule() {
      if (!pending) {
        pending = true;
        setTimeout(refresh, Math.max(0, 1000 - (Date.now() - last)));
      }
    }
    // Opened a few seconds after the page: an open stream keeps the network busy for good, and tools that wait for
    // it to go idle (headless screenshots with a virtual time budget) would wait forever. Each opening, the first
    // and every reconnection, refreshes once for what arrived while there was no stream.
    setTimeout(function () {
      const events = new EventSource('/api/events');
      events.addEventListener('orders', schedule);
      events.addEventListener('dataset', schedule);
      events.onopen = function () {
        say('Following new orders as they arrive.');
        schedule();
      };
      // EventSource reconnects by itself after a lost stream; say so meanwhile.
      events.onerror = function () { say('Event stream lost; reconnecting…'); };
    }, 6000);
  }

  if (typeof Chart === 'undefined') {
    console.warn('Chart.js did not load; the tables below each chart still hold the numbers.');
    return;
  }
  function start() {
    drawAll();
    follow();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
