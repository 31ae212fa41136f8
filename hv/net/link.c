/* lwIP's netif over the e1000 (see link.h). */
#include "hv/net/link.h"

#include "lwip/etharp.h"
#include "lwip/init.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/timeouts.h"
#include "netif/ethernet.h"

#include "hv/lib/string.h"

/* Frames taken per poll: a flood cannot hold the guests for longer. */
#define RX_PER_POLL 32

static struct e1000 nic;
static struct netif nif;
static uint8_t frame[E1000_FRAME_MAX];

static err_t link_output(struct netif *n, struct pbuf *p)
{
	(void)n;
	if (p->tot_len > sizeof(frame))
		return ERR_BUF;
	pbuf_copy_partial(p, frame, p->tot_len, 0);
	return e1000_send(&nic, frame, p->tot_len) == ST_OK ? ERR_OK : ERR_MEM;
}

static err_t link_init(struct netif *n)
{
	n->name[0] = 'e';
	n->name[1] = 'n';
	n->output = etharp_output;
	n->linkoutput = link_output;
	n->mtu = 1500;
	n->hwaddr_len = ETH_HWADDR_LEN;
	memcpy(n->hwaddr, nic.mac, ETH_HWADDR_LEN);
	n->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP |
		   NETIF_FLAG_ETHERNET | NETIF_FLAG_LINK_UP;
	return ERR_OK;
}

int link_start(void)
{
	ip4_addr_t addr, mask, gw;
	int st = e1000_probe(&nic);

	if (st != ST_OK)
		return st;
	lwip_init();
	IP4_ADDR(&addr, 10, 0, 2, 15);
	IP4_ADDR(&mask, 255, 255, 255, 0);
	IP4_ADDR(&gw, 10, 0, 2, 2);
	if (!netif_add(&nif, &addr, &mask, &gw, NULL, link_init, ethernet_input))
		return ST_IO;
	netif_set_default(&nif);
	netif_set_up(&nif);
	return ST_OK;
}

void link_poll(void)
{
	const void *data;
	size_t len;

	for (unsigned i = 0; i < RX_PER_POLL && e1000_receive(&nic, &data, &len); i++) {
		struct pbuf *p = pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_POOL);

		if (p && pbuf_take(p, data, (u16_t)len) == ERR_OK &&
		    nif.input(p, &nif) == ERR_OK)
			p = NULL;
		if (p)
			pbuf_free(p);
		e1000_receive_done(&nic);
	}
	sys_check_timeouts();
}

const struct e1000 *link_nic(void)
{
	return &nic;
}
