/* The dashboard's files, embedded at build time: the page (in the repo)
 * and Debian's Chart.js (libjs-chart.js, never copied into the repo). */
	.section .rodata
	.balign 16
	.globl dashboard_html, dashboard_html_end
dashboard_html:
	.incbin "hv/net/dashboard.html"
dashboard_html_end:
	.balign 16
	.globl chart_js, chart_js_end
chart_js:
	.incbin CHART_JS
chart_js_end:
	.section .note.GNU-stack, "", @progbits
