; The XenDeck test guest: one 512-byte boot sector that behaves enough like an HVM
; guest for the simulated dom0 hosts (test/dom0-sim).
;
;  * greets on the VGA screen (BIOS teletype) and on COM1 with BANNER below;
;  * echoes every byte received on COM1 back to COM1;
;  * idles with sti;hlt (a busy loop would burn a host core per guest);
;  * powers off when the ACPI power button is pressed (QMP system_powerdown,
;    what `xl shutdown` becomes in the simulator), if the machine has ACPI.
;
; Power-off without an ACPI interpreter: QEMU's PIIX4 power management block sits
; at I/O 0x600 (SeaBIOS programs PMBA there). We enable the power-button event in
; PM1_EN, poll PM1_STS on every wake-up (the BIOS timer wakes us 18 times a second)
; and, when the button bit is set, write SLP_EN with SLP_TYP=0, which QEMU's PIIX4
; treats as S5 (soft off). A guest started with acpi=0 has no PM block (the port reads
; 0xffff): it ignores the button, like a real guest without ACPI.

bits 16
org 0x7c00

COM1        equ 0x3f8
PM1_STS     equ 0x600
PM1_EN      equ 0x602
PM1_CNT     equ 0x604
PWRBTN      equ 0x0100
SLP_EN      equ 0x2000

start:
    cli
    xor ax, ax
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov sp, 0x7c00
    cld

    ; COM1: receive-data interrupt on, OUT2 (routes the IRQ to the PIC), DTR, RTS.
    mov dx, COM1 + 1
    mov al, 0x01
    out dx, al
    mov dx, COM1 + 4
    mov al, 0x0b
    out dx, al
    ; IRQ4 handler (vector 0x0c): only acknowledges; the main loop does the work.
    mov word [0x0c * 4], irq_ack
    mov word [0x0c * 4 + 2], 0
    in al, 0x21
    and al, 0xef
    out 0x21, al

    ; ACPI present? Enable the power button event and read it back.
    mov dx, PM1_EN
    mov ax, PWRBTN
    out dx, ax
    in ax, dx
    cmp ax, PWRBTN
    jne .no_acpi
    mov byte [has_acpi], 1
.no_acpi:

    mov si, banner
.greet:
    lodsb
    test al, al
    jz idle
    push ax
    mov ah, 0x0e
    mov bx, 0x0007
    int 0x10
    pop ax
    call putc
    jmp .greet

; Interrupts stay off while we look for work, and `sti; hlt` enters the halt before
; any pending interrupt is taken, so a byte arriving after the check still wakes us.
idle:
    cli
.rx:
    mov dx, COM1 + 5
    in al, dx
    test al, 0x01
    jz .power
    mov dx, COM1
    in al, dx
    call putc
    jmp .rx
.power:
    cmp byte [has_acpi], 1
    jne .sleep
    mov dx, PM1_STS
    in ax, dx
    test ax, PWRBTN
    jz .sleep
    mov dx, PM1_CNT
    mov ax, SLP_EN
    out dx, ax
.sleep:
    sti
    hlt
    jmp idle

; putc: AL -> COM1, waiting for the transmitter holding register.
putc:
    push ax
    push dx
    mov ah, al
    mov dx, COM1 + 5
.wait:
    in al, dx
    test al, 0x20
    jz .wait
    mov al, ah
    mov dx, COM1
    out dx, al
    pop dx
    pop ax
    ret

irq_ack:
    push ax
    mov al, 0x20
    out 0x20, al
    pop ax
    iret

has_acpi: db 0
banner:   db "XENDECK TEST GUEST READY", 13, 10, 0

    times 510 - ($ - $$) db 0
    dw 0xaa55
