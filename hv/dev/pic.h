/* The legacy 8259 interrupt controllers, which the hypervisor silences. */
#ifndef HV_DEV_PIC_H
#define HV_DEV_PIC_H

void pic_mask_all(void);

#endif
