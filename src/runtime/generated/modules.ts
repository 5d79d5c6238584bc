/* Generated from the loaded descriptors (modules/, rpcs/) by `npm run gen`. Do not edit by hand. */
import type {Field} from './descriptor.js';
import type {FileSource} from '../fields/file-input.js';

/**
 * Input of send-message: Send a Message — Sends a free-form message (text, media, location, contacts, interactive — buttons, lists, flows, products, catalogs, orders, calls — or a reaction) to a customer who wrote within the last 24 hours, or to a group.
 */
export type SendMessageInput = {
  /**
   * Sender ID — The business phone number ID to send from. (matches `^[0-9]{1,32}$`)
   */
  senderId: string;
  /**
   * Receiver — A phone number with country code in any format (+1 (631) 555-1234), a WhatsApp ID (16315551234), a business-scoped user ID (US.13491208655302741918; sent as Meta's recipient) or, with Recipient type group, a group id.
   */
  to: string;
  /**
   * Recipient type (default "individual")
   */
  recipient_type?: ('individual' | 'group') | undefined;
  /**
   * Reply to
   */
  context?:
    | {
        /**
         * The wamid of the message this one quotes.
         */
        message_id: string;
      }
    | undefined;
  /**
   * Tracking data — Echoed back in this message's status webhooks. (at most 512 characters)
   */
  biz_opaque_callback_data?: string | undefined;
} & (
  | {
      /**
       * Message type
       */
      type: 'text';
      /**
       * Text
       */
      text: {
        /**
         * Body (at most 4096 characters)
         */
        body: string;
        /**
         * Preview the first URL
         */
        preview_url?: boolean | undefined;
      };
    }
  | {
      /**
       * Message type
       */
      type: 'image';
      /**
       * Image
       */
      image: {
        /**
         * Caption (at most 1024 characters)
         */
        caption?: string | undefined;
      } & (
        | {
            /**
             * Media ID — From upload-media (recommended by Meta).
             */
            id: string;
            /**
             * Link — A public http(s) URL; Meta caches it for 10 minutes.
             */
            link?: undefined;
          }
        | {
            /**
             * Media ID — From upload-media (recommended by Meta).
             */
            id?: undefined;
            /**
             * Link — A public http(s) URL; Meta caches it for 10 minutes.
             */
            link: string;
          }
      );
    }
  | {
      /**
       * Message type
       */
      type: 'video';
      /**
       * Video
       */
      video: {
        /**
         * Caption (at most 1024 characters)
         */
        caption?: string | undefined;
      } & (
        | {
            /**
             * Media ID — From upload-media (recommended by Meta).
             */
            id: string;
            /**
             * Link — A public http(s) URL; Meta caches it for 10 minutes.
             */
            link?: undefined;
          }
        | {
            /**
             * Media ID — From upload-media (recommended by Meta).
             */
            id?: undefined;
            /**
             * Link — A public http(s) URL; Meta caches it for 10 minutes.
             */
            link: string;
          }
      );
    }
  | {
      /**
       * Message type
       */
      type: 'audio';
      /**
       * Audio
       */
      audio:
        | {
            /**
             * Media ID — From upload-media (recommended by Meta).
             */
            id: string;
            /**
             * Link — A public http(s) URL; Meta caches it for 10 minutes.
             */
            link?: undefined;
          }
        | {
            /**
             * Media ID — From upload-media (recommended by Meta).
             */
            id?: undefined;
            /**
             * Link — A public http(s) URL; Meta caches it for 10 minutes.
             */
            link: string;
          };
    }
  | {
      /**
       * Message type
       */
      type: 'sticker';
      /**
       * Sticker
       */
      sticker:
        | {
            /**
             * Media ID — From upload-media (recommended by Meta).
             */
            id: string;
            /**
             * Link — A public http(s) URL; Meta caches it for 10 minutes.
             */
            link?: undefined;
          }
        | {
            /**
             * Media ID — From upload-media (recommended by Meta).
             */
            id?: undefined;
            /**
             * Link — A public http(s) URL; Meta caches it for 10 minutes.
             */
            link: string;
          };
    }
  | {
      /**
       * Message type
       */
      type: 'document';
      /**
       * Document
       */
      document: {
        /**
         * Caption (at most 1024 characters)
         */
        caption?: string | undefined;
        /**
         * File name — The name the recipient sees, with its extension, e.g. menu.pdf. (at most 240 characters)
         */
        filename?: string | undefined;
      } & (
        | {
            /**
             * Media ID — From upload-media (recommended by Meta).
             */
            id: string;
            /**
             * Link — A public http(s) URL; Meta caches it for 10 minutes.
             */
            link?: undefined;
          }
        | {
            /**
             * Media ID — From upload-media (recommended by Meta).
             */
            id?: undefined;
            /**
             * Link — A public http(s) URL; Meta caches it for 10 minutes.
             */
            link: string;
          }
      );
    }
  | {
      /**
       * Message type
       */
      type: 'location';
      location: {
        /**
         * (at least -90; at most 90)
         */
        latitude: number;
        /**
         * (at least -180; at most 180)
         */
        longitude: number;
        /**
         * (at most 1000 characters)
         */
        name?: string | undefined;
        /**
         * (at most 1000 characters)
         */
        address?: string | undefined;
      };
    }
  | {
      /**
       * Message type
       */
      type: 'contacts';
      /**
       * Contact cards (at least 1 item; at most 5 items)
       */
      contacts: {
        name: {
          formatted_name: string;
          first_name?: string | undefined;
          last_name?: string | undefined;
          middle_name?: string | undefined;
          prefix?: string | undefined;
          suffix?: string | undefined;
        };
        addresses?:
          | {
              street?: string | undefined;
              city?: string | undefined;
              state?: string | undefined;
              zip?: string | undefined;
              country?: string | undefined;
              country_code?: string | undefined;
              type?: ('HOME' | 'WORK') | undefined;
            }[]
          | undefined;
        /**
         * YYYY-MM-DD (matches `^\d{4}-\d{2}-\d{2}$`)
         */
        birthday?: string | undefined;
        emails?:
          | {
              email?: string | undefined;
              type?: string | undefined;
            }[]
          | undefined;
        org?:
          | {
              company?: string | undefined;
              department?: string | undefined;
              title?: string | undefined;
            }
          | undefined;
        phones?:
          | {
              phone?: string | undefined;
              type?: string | undefined;
              wa_id?: string | undefined;
            }[]
          | undefined;
        urls?:
          | {
              url?: string | undefined;
              type?: string | undefined;
            }[]
          | undefined;
      }[];
    }
  | {
      /**
       * Message type
       */
      type: 'interactive';
      interactive:
        | {
            /**
             * Interactive type
             */
            type: 'button';
            /**
             * Header
             */
            header?:
              | (
                  | {
                      type: 'text';
                      /**
                       * (at most 60 characters)
                       */
                      text: string;
                      /**
                       * (at most 60 characters)
                       */
                      sub_text?: string | undefined;
                    }
                  | {
                      type: 'image';
                      /**
                       * Image
                       */
                      image:
                        | {
                            /**
                             * Media ID — From upload-media (recommended by Meta).
                             */
                            id: string;
                            /**
                             * Link — A public http(s) URL; Meta caches it for 10 minutes.
                             */
                            link?: undefined;
                          }
                        | {
                            /**
                             * Media ID — From upload-media (recommended by Meta).
                             */
                            id?: undefined;
                            /**
                             * Link — A public http(s) URL; Meta caches it for 10 minutes.
                             */
                            link: string;
                          };
                    }
                  | {
                      type: 'video';
                      /**
                       * Video
                       */
                      video:
                        | {
                            /**
                             * Media ID — From upload-media (recommended by Meta).
                             */
                            id: string;
                            /**
                             * Link — A public http(s) URL; Meta caches it for 10 minutes.
                             */
                            link?: undefined;
                          }
                        | {
                            /**
                             * Media ID — From upload-media (recommended by Meta).
                             */
                            id?: undefined;
                            /**
                             * Link — A public http(s) URL; Meta caches it for 10 minutes.
                             */
                            link: string;
                          };
                    }
                  | {
                      type: 'document';
                      /**
                       * Document
                       */
                      document: {
                        /**
                         * File name — The name the recipient sees, with its extension, e.g. menu.pdf.
                         */
                        filename?: string | undefined;
                      } & (
                        | {
                            /**
                             * Media ID — From upload-media (recommended by Meta).
                             */
                            id: string;
                            /**
                             * Link — A public http(s) URL; Meta caches it for 10 minutes.
                             */
                            link?: undefined;
                          }
                        | {
                            /**
                             * Media ID — From upload-media (recommended by Meta).
                             */
                            id?: undefined;
                            /**
                             * Link — A public http(s) URL; Meta caches it for 10 minutes.
                             */
                            link: string;
                          }
                      );
                    }
                )
              | undefined;
            /**
             * Body
             */
            body: {
              /**
               * (at most 1024 characters)
               */
              text: string;
            };
            /**
             * Footer
             */
            footer?:
              | {
                  /**
                   * (at most 60 characters)
                   */
                  text: string;
                }
              | undefined;
            action: {
              /**
               * Buttons (at least 1 item; at most 3 items)
               */
              buttons: {
                /**
                 * (default "reply")
                 */
                type?: 'reply' | undefined;
                reply: {
                  /**
                   * Comes back in the customer's reply; no leading or trailing spaces. (at most 256 characters; matches `^\S(?:[\s\S]*\S)?$`)
                   */
                  id: string;
                  /**
                   * (at most 20 characters)
                   */
                  title: string;
                };
              }[];
            };
          }
        | {
            /**
             * Interactive type
             */
            type: 'list';
            /**
             * Header
             */
            header?:
              | {
                  type: 'text';
                  /**
                   * (at most 60 characters)
                   */
                  text: string;
                }
              | undefined;
            /**
             * Body
             */
            body: {
              /**
               * (at most 4096 characters)
               */
              text: string;
            };
            /**
             * Footer
             */
            footer?:
              | {
                  /**
                   * (at most 60 characters)
                   */
                  text: string;
                }
              | undefined;
            action: {
              /**
               * Button text (at most 20 characters)
               */
              button: string;
              /**
               * (at least 1 item; at most 10 items)
               */
              sections: {
                /**
                 * Required when there is more than one section. (at most 24 characters)
                 */
                title?: string | undefined;
                /**
                 * (at least 1 item; at most 10 items)
                 */
                rows: {
                  /**
                   * (at most 200 characters)
                   */
                  id: string;
                  /**
                   * (at most 24 characters)
                   */
                  title: string;
                  /**
                   * (at most 72 characters)
                   */
                  description?: string | undefined;
                }[];
              }[];
            };
          }
        | {
            /**
             * Interactive type
             */
            type: 'cta_url';
            /**
             * Header
             */
            header?:
              | (
                  | {
                      type: 'text';
                      /**
                       * (at most 60 characters)
                       */
                      text: string;
                      /**
                       * (at most 60 characters)
                       */
                      sub_text?: string | undefined;
                    }
                  | {
                      type: 'image';
                      /**
                       * Image
                       */
                      image:
                        | {
                            /**
                             * Media ID — From upload-media (recommended by Meta).
                             */
                            id: string;
                            /**
                             * Link — A public http(s) URL; Meta caches it for 10 minutes.
                             */
                            link?: undefined;
                          }
                        | {
                            /**
                             * Media ID — From upload-media (recommended by Meta).
                             */
                            id?: undefined;
                            /**
                             * Link — A public http(s) URL; Meta caches it for 10 minutes.
                             */
                            link: string;
                          };
                    }
                  | {
                      type: 'video';
                      /**
                       * Video
                       */
                      video:
                        | {
                            /**
                             * Media ID — From upload-media (recommended by Meta).
                             */
                            id: string;
                            /**
                             * Link — A public http(s) URL; Meta caches it for 10 minutes.
                             */
                            link?: undefined;
                          }
                        | {
                            /**
                             * Media ID — From upload-media (recommended by Meta).
                             */
                            id?: undefined;
                            /**
                             * Link — A public http(s) URL; Meta caches it for 10 minutes.
                             */
                            link: string;
                          };
                    }
                  | {
                      type: 'document';
                      /**
                       * Document
                       */
                      document: {
                        /**
                         * File name — The name the recipient sees, with its extension, e.g. menu.pdf.
                         */
                        filename?: string | undefined;
                      } & (
                        | {
                            /**
                             * Media ID — From upload-media (recommended by Meta).
                             */
                            id: string;
                            /**
                             * Link — A public http(s) URL; Meta caches it for 10 minutes.
                             */
                            link?: undefined;
                          }
                        | {
                            /**
                             * Media ID — From upload-media (recommended by Meta).
                             */
                            id?: undefined;
                            /**
                             * Link — A public http(s) URL; Meta caches it for 10 minutes.
                             */
                            link: string;
                          }
                      );
                    }
                )
              | undefined;
            /**
             * Body
             */
            body: {
              /**
               * (at most 1024 characters)
               */
              text: string;
            };
            /**
             * Footer
             */
            footer?:
              | {
                  /**
                   * (at most 60 characters)
                   */
                  text: string;
                }
              | undefined;
            action: {
              /**
               * (default "cta_url")
               */
              name?: 'cta_url' | undefined;
              parameters: {
                /**
                 * (at most 20 characters)
                 */
                display_text: string;
                url: string;
              };
            };
          }
        | {
            /**
             * Interactive type
             */
            type: 'flow';
            /**
             * Header
             */
            header?:
              | (
                  | {
                      type: 'text';
                      /**
                       * (at most 60 characters)
                       */
                      text: string;
                      /**
                       * (at most 60 characters)
                       */
                      sub_text?: string | undefined;
                    }
                  | {
                      type: 'image';
                      /**
                       * Image
                       */
                      image:
                        | {
                            /**
                             * Media ID — From upload-media (recommended by Meta).
                             */
                            id: string;
                            /**
                             * Link — A public http(s) URL; Meta caches it for 10 minutes.
                             */
                            link?: undefined;
                          }
                        | {
                            /**
                             * Media ID — From upload-media (recommended by Meta).
                             */
                            id?: undefined;
                            /**
                             * Link — A public http(s) URL; Meta caches it for 10 minutes.
                             */
                            link: string;
                          };
                    }
                  | {
                      type: 'video';
                      /**
                       * Video
                       */
                      video:
                        | {
                            /**
                             * Media ID — From upload-media (recommended by Meta).
                             */
                            id: string;
                            /**
                             * Link — A public http(s) URL; Meta caches it for 10 minutes.
                             */
                            link?: undefined;
                          }
                        | {
                            /**
                             * Media ID — From upload-media (recommended by Meta).
                             */
                            id?: undefined;
                            /**
                             * Link — A public http(s) URL; Meta caches it for 10 minutes.
                             */
                            link: string;
                          };
                    }
                  | {
                      type: 'document';
                      /**
                       * Document
                       */
                      document: {
                        /**
                         * File name — The name the recipient sees, with its extension, e.g. menu.pdf.
                         */
                        filename?: string | undefined;
                      } & (
                        | {
                            /**
                             * Media ID — From upload-media (recommended by Meta).
                             */
                            id: string;
                            /**
                             * Link — A public http(s) URL; Meta caches it for 10 minutes.
                             */
                            link?: undefined;
                          }
                        | {
                            /**
                             * Media ID — From upload-media (recommended by Meta).
                             */
                            id?: undefined;
                            /**
                             * Link — A public http(s) URL; Meta caches it for 10 minutes.
                             */
                            link: string;
                          }
                      );
                    }
                )
              | undefined;
            /**
             * Body
             */
            body: {
              /**
               * (at most 1024 characters)
               */
              text: string;
            };
            /**
             * Footer
             */
            footer?:
              | {
                  /**
                   * (at most 60 characters)
                   */
                  text: string;
                }
              | undefined;
            action: {
              /**
               * (default "flow")
               */
              name?: 'flow' | undefined;
              parameters: {
                /**
                 * (matches `^3$`; default "3")
                 */
                flow_message_version?: string | undefined;
                flow_token?: string | undefined;
                /**
                 * (at most 30 characters)
                 */
                flow_cta: string;
                mode?: ('published' | 'draft') | undefined;
                flow_action?: ('navigate' | 'data_exchange') | undefined;
                flow_action_payload?:
                  | {
                      screen: string;
                      data?: unknown | undefined;
                    }
                  | undefined;
              } & (
                | {
                    flow_id: string;
                    flow_name?: undefined;
                  }
                | {
                    flow_id?: undefined;
                    flow_name: string;
                  }
              );
            };
          }
        | {
            /**
             * Interactive type
             */
            type: 'location_request_message';
            /**
             * Body
             */
            body: {
              /**
               * (at most 1024 characters)
               */
              text: string;
            };
            action: {
              /**
               * (default "send_location")
               */
              name?: 'send_location' | undefined;
            };
          }
        | {
            /**
             * Interactive type
             */
            type: 'product';
            /**
             * Body
             */
            body?:
              | {
                  /**
                   * (at most 1024 characters)
                   */
                  text: string;
                }
              | undefined;
            /**
             * Footer
             */
            footer?:
              | {
                  /**
                   * (at most 60 characters)
                   */
                  text: string;
                }
              | undefined;
            action: {
              /**
               * Catalog ID — The Facebook catalog linked to the WhatsApp Business Account.
               */
              catalog_id: string;
              /**
               * Product — The product's retailer id (SKU) in the catalog.
               */
              product_retailer_id: string;
            };
          }
        | {
            /**
             * Interactive type
             */
            type: 'product_list';
            /**
             * Header — Required for a multi-product message (text only).
             */
            header: {
              type: 'text';
              /**
               * (at most 60 characters)
               */
              text: string;
            };
            /**
             * Body
             */
            body: {
              /**
               * (at most 1024 characters)
               */
              text: string;
            };
            /**
             * Footer
             */
            footer?:
              | {
                  /**
                   * (at most 60 characters)
                   */
                  text: string;
                }
              | undefined;
            action: {
              /**
               * Catalog ID — The Facebook catalog linked to the WhatsApp Business Account.
               */
              catalog_id: string;
              /**
               * (at least 1 item; at most 10 items)
               */
              sections: {
                /**
                 * Required when there is more than one section. (at most 24 characters)
                 */
                title?: string | undefined;
                /**
                 * Products (at least 1 item; at most 30 items)
                 */
                product_items: {
                  /**
                   * Product — The product's retailer id (SKU) in the catalog.
                   */
                  product_retailer_id: string;
                }[];
              }[];
            };
          }
        | {
            /**
             * Interactive type
             */
            type: 'catalog_message';
            /**
             * Body
             */
            body: {
              /**
               * (at most 1024 characters)
               */
              text: string;
            };
            /**
             * Footer
             */
            footer?:
              | {
                  /**
                   * (at most 60 characters)
                   */
                  text: string;
                }
              | undefined;
            action: {
              /**
               * (default "catalog_message")
               */
              name?: 'catalog_message' | undefined;
              parameters: {
                /**
                 * Thumbnail product — The product shown as the catalog's thumbnail.
                 */
                thumbnail_product_retailer_id: string;
              };
            };
          }
        | {
            /**
             * Interactive type
             */
            type: 'order_details';
            /**
             * Header
             */
            header?:
              | (
                  | {
                      type: 'text';
                      /**
                       * (at most 60 characters)
                       */
                      text: string;
                      /**
                       * (at most 60 characters)
                       */
                      sub_text?: string | undefined;
                    }
                  | {
                      type: 'image';
                      /**
                       * Image
                       */
                      image:
                        | {
                            /**
                             * Media ID — From upload-media (recommended by Meta).
                             */
                            id: string;
                            /**
                             * Link — A public http(s) URL; Meta caches it for 10 minutes.
                             */
                            link?: undefined;
                          }
                        | {
                            /**
                             * Media ID — From upload-media (recommended by Meta).
                             */
                            id?: undefined;
                            /**
                             * Link — A public http(s) URL; Meta caches it for 10 minutes.
                             */
                            link: string;
                          };
                    }
                  | {
                      type: 'video';
                      /**
                       * Video
                       */
                      video:
                        | {
                            /**
                             * Media ID — From upload-media (recommended by Meta).
                             */
                            id: string;
                            /**
                             * Link — A public http(s) URL; Meta caches it for 10 minutes.
                             */
                            link?: undefined;
                          }
                        | {
                            /**
                             * Media ID — From upload-media (recommended by Meta).
                             */
                            id?: undefined;
                            /**
                             * Link — A public http(s) URL; Meta caches it for 10 minutes.
                             */
                            link: string;
                          };
                    }
                  | {
                      type: 'document';
                      /**
                       * Document
                       */
                      document: {
                        /**
                         * File name — The name the recipient sees, with its extension, e.g. menu.pdf.
                         */
                        filename?: string | undefined;
                      } & (
                        | {
                            /**
                             * Media ID — From upload-media (recommended by Meta).
                             */
                            id: string;
                            /**
                             * Link — A public http(s) URL; Meta caches it for 10 minutes.
                             */
                            link?: undefined;
                          }
                        | {
                            /**
                             * Media ID — From upload-media (recommended by Meta).
                             */
                            id?: undefined;
                            /**
                             * Link — A public http(s) URL; Meta caches it for 10 minutes.
                             */
                            link: string;
                          }
                      );
                    }
                )
              | undefined;
            /**
             * Body
             */
            body: {
              /**
               * (at most 1024 characters)
               */
              text: string;
            };
            /**
             * Footer
             */
            footer?:
              | {
                  /**
                   * (at most 60 characters)
                   */
                  text: string;
                }
              | undefined;
            action: {
              /**
               * (default "review_and_pay")
               */
              name?: 'review_and_pay' | undefined;
              parameters: {
                /**
                 * Your unique id of the order.
                 */
                reference_id: string;
                type: 'digital-goods' | 'physical-goods';
                /**
                 * e.g. upi
                 */
                payment_type?: string | undefined;
                /**
                 * The name of a payment configuration of the WhatsApp Business Account.
                 */
                payment_configuration?: string | undefined;
                /**
                 * ISO 4217, e.g. INR or BRL. (matches `^[A-Z]{3}$`)
                 */
                currency: string;
                total_amount: {
                  /**
                   * The amount multiplied by offset: 1500 with offset 100 is 15.00. (a whole number)
                   */
                  value: number;
                  /**
                   * 100 for an amount in cents. (a whole number, not negative)
                   */
                  offset: number;
                };
                order: {
                  /**
                   * (default "pending")
                   */
                  status?: 'pending' | undefined;
                  /**
                   * Catalog ID — The Facebook catalog linked to the WhatsApp Business Account.
                   */
                  catalog_id?: string | undefined;
                  /**
                   * (at least 1 item)
                   */
                  items: {
                    retailer_id: string;
                    name: string;
                    amount: {
                      /**
                       * The amount multiplied by offset: 1500 with offset 100 is 15.00. (a whole number)
                       */
                      value: number;
                      /**
                       * 100 for an amount in cents. (a whole number, not negative)
                       */
                      offset: number;
                    };
                    /**
                     * (at least 1; a whole number, not negative)
                     */
                    quantity: number;
                    sale_amount?:
                      | {
                          /**
                           * The amount multiplied by offset: 1500 with offset 100 is 15.00. (a whole number)
                           */
                          value: number;
                          /**
                           * 100 for an amount in cents. (a whole number, not negative)
                           */
                          offset: number;
                        }
                      | undefined;
                  }[];
                  subtotal: {
                    /**
                     * The amount multiplied by offset: 1500 with offset 100 is 15.00. (a whole number)
                     */
                    value: number;
                    /**
                     * 100 for an amount in cents. (a whole number, not negative)
                     */
                    offset: number;
                  };
                  tax: {
                    /**
                     * The amount multiplied by offset: 1500 with offset 100 is 15.00. (a whole number)
                     */
                    value: number;
                    /**
                     * 100 for an amount in cents. (a whole number, not negative)
                     */
                    offset: number;
                    description?: string | undefined;
                  };
                  shipping?:
                    | {
                        /**
                         * The amount multiplied by offset: 1500 with offset 100 is 15.00. (a whole number)
                         */
                        value: number;
                        /**
                         * 100 for an amount in cents. (a whole number, not negative)
                         */
                        offset: number;
                        description?: string | undefined;
                      }
                    | undefined;
                  discount?:
                    | {
                        /**
                         * The amount multiplied by offset: 1500 with offset 100 is 15.00. (a whole number)
                         */
                        value: number;
                        /**
                         * 100 for an amount in cents. (a whole number, not negative)
                         */
                        offset: number;
                        description?: string | undefined;
                        discount_program_name?: string | undefined;
                      }
                    | undefined;
                };
              };
            };
          }
        | {
            /**
             * Interactive type
             */
            type: 'order_status';
            /**
             * Body
             */
            body: {
              /**
               * (at most 1024 characters)
               */
              text: string;
            };
            /**
             * Footer
             */
            footer?:
              | {
                  /**
                   * (at most 60 characters)
                   */
                  text: string;
                }
              | undefined;
            action: {
              /**
               * (default "review_order")
               */
              name?: 'review_order' | undefined;
              parameters: {
                /**
                 * The reference_id of the order details message this status is about.
                 */
                reference_id: string;
                order: {
                  status: 'pending' | 'processing' | 'partially_shipped' | 'shipped' | 'completed' | 'canceled';
                  description?: string | undefined;
                };
              };
            };
          }
        | {
            /**
             * Interactive type
             */
            type: 'call_permission_request';
            /**
             * Body — Why you would like to call; shown above the permission buttons.
             */
            body: {
              /**
               * (at most 1024 characters)
               */
              text: string;
            };
            action: {
              /**
               * (default "call_permission_request")
               */
              name?: 'call_permission_request' | undefined;
            };
          }
        | {
            /**
             * Interactive type
             */
            type: 'voice_call';
            /**
             * Body
             */
            body: {
              /**
               * (at most 1024 characters)
               */
              text: string;
            };
            action: {
              /**
               * (default "voice_call")
               */
              name?: 'voice_call' | undefined;
              parameters?:
                | {
                    /**
                     * The button's text; Meta shows "Call Now" when left out. (at most 20 characters)
                     */
                    display_text?: string | undefined;
                    /**
                     * How long the button works, in minutes (Meta's default: 10080, 7 days). (at least 1; at most 43200; a whole number, not negative)
                     */
                    ttl_minutes?: number | undefined;
                    /**
                     * Comes back as cta_payload in the calls webhooks. (at most 512 characters)
                     */
                    payload?: string | undefined;
                  }
                | undefined;
            };
          };
    }
  | {
      /**
       * Message type
       */
      type: 'reaction';
      reaction: {
        /**
         * Message ID — The wamid of the message to react to.
         */
        message_id: string;
        /**
         * Emoji — One emoji, e.g. 👍; left empty, it removes your reaction. (at most 32 characters; default "")
         */
        emoji?: string | undefined;
      };
    }
);
/**
 * Input of send-template-message: Send a Template Message — Sends an approved message template — the only kind of message allowed outside the 24-hour customer service window. Pick a template and fill its variables, or map Meta's own template object.
 */
export type SendTemplateMessageInput = {
  /**
   * Sender ID — The business phone number ID to send from. (matches `^[0-9]{1,32}$`)
   */
  senderId: string;
  /**
   * Receiver — A phone number with country code in any format (+1 (631) 555-1234), a WhatsApp ID (16315551234), a business-scoped user ID (US.13491208655302741918; sent as Meta's recipient) or, with Recipient type group, a group id.
   */
  to: string;
  /**
   * Recipient type (default "individual")
   */
  recipient_type?: ('individual' | 'group') | undefined;
  /**
   * Template object (for mapping) — Meta's own template object {name, language: {code}, components}, sent as given after validation. Use instead of Template.
   */
  template?: TemplateMessage | undefined;
  /**
   * Reply to
   */
  context?:
    | {
        /**
         * The wamid of the message this one quotes.
         */
        message_id: string;
      }
    | undefined;
  /**
   * Tracking data — Echoed back in this message's status webhooks. (at most 512 characters)
   */
  biz_opaque_callback_data?: string | undefined;
} & (
  | {
      /**
       * Template — A list-templates value (name:language, e.g. order_update:en_US). Its variables appear as fields: header_text / header_image / header_video / header_document / header_location, body_1… or body_<name>, limited_time_offer, button_<n>_url / _payload / _coupon_code / _otp / _flow_token / _flow_action_data / _thumbnail / _sections, and card_<n>_… for each carousel card. (matches `^[a-z0-9_]{1,512}:[A-Za-z_]{2,10}$`)
       */
      templateId: string;
      [k: string]: unknown;
    }
  | {
      /**
       * Template — A list-templates value (name:language, e.g. order_update:en_US). Its variables appear as fields: header_text / header_image / header_video / header_document / header_location, body_1… or body_<name>, limited_time_offer, button_<n>_url / _payload / _coupon_code / _otp / _flow_token / _flow_action_data / _thumbnail / _sections, and card_<n>_… for each carousel card. (matches `^[a-z0-9_]{1,512}:[A-Za-z_]{2,10}$`)
       */
      templateId?: undefined;
    }
);
/**
 * Input of verify-sender: Verify a Sender — Proves ownership of a business phone number: first request a code by SMS or voice call, then verify the code received. A number that is already verified answers 136024 — register it instead.
 */
export type VerifySenderInput = {
  /**
   * Sender ID — The business phone number ID. (matches `^[0-9]{1,32}$`)
   */
  senderId: string;
} & (
  | {
      /**
       * Action
       */
      action: 'request_code';
      /**
       * By
       */
      code_method: 'SMS' | 'VOICE';
      /**
       * Language — The language of the SMS or call, e.g. en_US. (matches `^[a-z]{2,3}(_[A-Za-z]{2,4})?$`; default "en_US")
       */
      language?: string | undefined;
    }
  | {
      /**
       * Action
       */
      action: 'verify_code';
      /**
       * Code — The 6-digit code received by SMS or voice call. (matches `^[0-9]{6}$`)
       */
      code: string;
    }
);
/**
 * The components of a template to create or edit (cloud-api.md §9.2; Meta's OpenAPI create examples). Only the shape: what Meta checks beyond it is functions/template-checks.ts.
 *
 * @minItems 1
 */
export type TemplateComponents = TemplateComponentsComponent[];
/**
 * A template variable: text, or a currency / date_time object.
 */
export type TemplateMessageVariableValue =
  | string
  | number
  | {
      currency: TemplateMessageCurrency;
    }
  | {
      date_time: TemplateMessageDateTime;
    };
/**
 * Output of list-senders: List Senders
 */
export type ListSendersOutput = {
  /**
   * Phone number ID
   */
  id?: string;
  /**
   * Display phone number
   */
  display_phone_number?: string;
  /**
   * Verified name
   */
  verified_name?: string;
  /**
   * Quality rating
   */
  quality_rating?: string;
  /**
   * Code verification status
   */
  code_verification_status?: string;
  /**
   * Platform
   */
  platform_type?: string;
  /**
   * Throughput
   */
  throughput?: {
    level?: string;
  };
  /**
   * Name status
   */
  name_status?: string;
}[];
/**
 * Output of list-templates: List Templates
 */
export type ListTemplatesOutput = {
  /**
   * Template ID
   */
  id?: string;
  /**
   * Name
   */
  name?: string;
  /**
   * Language
   */
  language?: string;
  /**
   * Status
   */
  status?: string;
  /**
   * Category
   */
  category?: string;
  /**
   * Sub-category
   */
  sub_category?: string;
  /**
   * Parameter format — POSITIONAL or NAMED
   */
  parameter_format?: string;
  /**
   * Components
   */
  components?: unknown[];
}[];
/**
 * Output of list-blocked-users: List Blocked Users
 */
export type ListBlockedUsersOutput = {
  /**
   * WhatsApp ID
   */
  wa_id?: string;
  messaging_product?: string;
}[];
/**
 * Output of list-qr-codes: List QR Codes
 */
export type ListQrCodesOutput = {
  /**
   * Code
   */
  code?: string;
  /**
   * Pre-filled message
   */
  prefilled_message?: string;
  /**
   * Short link
   */
  deep_link_url?: string;
  /**
   * QR image URL
   */
  qr_image_url?: string;
}[];
/**
 * Output of get-pricing-analytics: Get Pricing Analytics
 */
export type GetPricingAnalyticsOutput = {
  /**
   * Start (UNIX time)
   */
  start?: number;
  /**
   * End (UNIX time)
   */
  end?: number;
  /**
   * Pricing category
   */
  pricing_category?: string;
  /**
   * Pricing type
   */
  pricing_type?: string;
  /**
   * Country
   */
  country?: string;
  /**
   * Phone number
   */
  phone_number?: string;
  /**
   * Tier
   */
  tier?: string;
  /**
   * Messages
   */
  volume?: number;
  /**
   * Cost — In the account's currency.
   */
  cost?: number;
}[];
/**
 * Output of get-template-analytics: Get Template Analytics
 */
export type GetTemplateAnalyticsOutput = {
  /**
   * Template ID
   */
  template_id?: string;
  /**
   * Start (UNIX time)
   */
  start?: number;
  /**
   * End (UNIX time)
   */
  end?: number;
  /**
   * Sent
   */
  sent?: number;
  /**
   * Delivered
   */
  delivered?: number;
  /**
   * Read
   */
  read?: number;
  /**
   * Clicks per button
   */
  clicked?: unknown[];
  /**
   * Cost — amount_spent, cost_per_delivered, cost_per_url_button_click
   */
  cost?: unknown[];
}[];
/**
 * Input of rpc list-senders: List senders — The phone numbers of the WhatsApp Business Account, every page: label "+1 631-555-5555 — Verified Name", value the phone number ID.
 */
export type ListSendersRpcInput = Record<string, never>;
/**
 * Output of rpc list-senders: List senders
 */
export type ListSendersRpcOutput = RpcOption[];
/**
 * Output of rpc list-templates: List templates
 */
export type ListTemplatesRpcOutput = RpcOption[];
/**
 * Output of rpc template-fields: Template fields
 */
export type TemplateFieldsRpcOutput = Field[];
/**
 * Input of rpc webhook-subscriptions: Webhook subscriptions — The apps subscribed to the WhatsApp Business Account's webhooks (GET /{waba}/subscribed_apps): label the app's name, value its id, with its override callback URL if it has one. None: Meta delivers no events for this WABA.
 */
export type WebhookSubscriptionsRpcInput = Record<string, never>;
/**
 * Output of rpc webhook-subscriptions: Webhook subscriptions
 */
export type WebhookSubscriptionsRpcOutput = unknown;
/**
 * Output of rpc subscribe-webhook: Subscribe to webhooks
 */
export type SubscribeWebhookRpcOutput = unknown;
/**
 * Input of rpc token-owner: Token owner — Who the access token belongs to (GET /me): value the user's or system user's id, label its name. Fails with Meta's error when the token is invalid or expired.
 */
export type TokenOwnerRpcInput = Record<string, never>;
/**
 * Output of rpc token-owner: Token owner
 */
export type TokenOwnerRpcOutput = unknown;
/**
 * Input of rpc token-permissions: Token permissions — The permissions of the access token (GET /me/permissions): label and value the permission, status granted or declined.
 */
export type TokenPermissionsRpcInput = Record<string, never>;
/**
 * Output of rpc token-permissions: Token permissions
 */
export type TokenPermissionsRpcOutput = unknown;

/**
 * Every module id and its input type.
 */
export interface ModuleInputs {
  'watch-events': WatchEventsInput;
  'send-message': SendMessageInput;
  'send-template-message': SendTemplateMessageInput;
  'mark-message-as-read': MarkMessageAsReadInput;
  'upload-media': UploadMediaInput;
  'download-media': DownloadMediaInput;
  'delete-media': DeleteMediaInput;
  'enable-two-step-verification': EnableTwoStepVerificationInput;
  'register-sender': RegisterSenderInput;
  'verify-sender': VerifySenderInput;
  'deregister-sender': DeregisterSenderInput;
  'list-senders': ListSendersInput;
  'get-business-profile': GetBusinessProfileInput;
  'update-business-profile': UpdateBusinessProfileInput;
  'list-templates': ListTemplatesInput;
  'get-template': GetTemplateInput;
  'create-template': CreateTemplateInput;
  'edit-template': EditTemplateInput;
  'delete-template': DeleteTemplateInput;
  'get-sender': GetSenderInput;
  'get-account-health': GetAccountHealthInput;
  'block-users': BlockUsersInput;
  'unblock-users': UnblockUsersInput;
  'list-blocked-users': ListBlockedUsersInput;
  'create-qr-code': CreateQrCodeInput;
  'list-qr-codes': ListQrCodesInput;
  'update-qr-code': UpdateQrCodeInput;
  'delete-qr-code': DeleteQrCodeInput;
  'download-qr-code': DownloadQrCodeInput;
  'get-pricing-analytics': GetPricingAnalyticsInput;
  'get-template-analytics': GetTemplateAnalyticsInput;
  'get-conversational-automation': GetConversationalAutomationInput;
  'set-conversational-automation': SetConversationalAutomationInput;
  'make-api-call': MakeApiCallInput;
}
/**
 * Input of watch-events: Watch Events — Triggers on every event Meta sends to the webhook: inbound messages, message status updates, errors, and changes of any other subscribed field (templates, account, quality, security …). Deliveries are verified with the connection's app secret(s), each event is output once even when Meta repeats a delivery, and a delivery is acknowledged only after its events were handed over.
 */
export interface WatchEventsInput {
  /**
   * Webhook name — A name to recognise this webhook by.
   */
  webhookName: string;
  /**
   * Verify token — Any secret string; enter the same value as "Verify token" next to the callback URL in the Meta app dashboard (WhatsApp → Configuration).
   */
  verifyToken: string;
  /**
   * Events you do not want to watch — Leave empty to watch everything. "Messages", "Message statuses" and "Errors" are the parts of the messages field; the others are webhook fields by Meta's name, and must also be subscribed in the app dashboard to arrive at all.
   */
  excludeEvents?:
    | (
        | 'messages'
        | 'statuses'
        | 'errors'
        | 'templates'
        | 'message_template_status_update'
        | 'message_template_quality_update'
        | 'message_template_components_update'
        | 'template_category_update'
        | 'account_update'
        | 'account_alerts'
        | 'account_review_update'
        | 'business_capability_update'
        | 'phone_number_name_update'
        | 'phone_number_quality_update'
        | 'security'
        | 'user_preferences'
        | 'phone_number_username_update'
        | 'automatic_events'
        | 'partner_solutions'
        | 'payment_configuration_update'
        | 'history'
        | 'smb_app_state_sync'
        | 'smb_message_echoes'
        | 'calls'
        | 'group_lifecycle_update'
        | 'group_participants_update'
        | 'group_settings_update'
        | 'group_status_update'
        | 'message_echoes'
        | 'consumer_profile'
        | 'messaging_handovers'
        | 'standby'
        | 'account_settings_update'
      )[]
    | undefined;
  /**
   * Only these events — Leave empty to watch everything; otherwise only the events chosen here are output (by the same names as above, and "Events you do not want to watch" still applies). Template events preset: choose "Template events" (templates) to watch only template status, quality and category changes (message_template_status_update, message_template_quality_update and template_category_update).
   */
  onlyEvents?:
    | (
        | 'messages'
        | 'statuses'
        | 'errors'
        | 'templates'
        | 'message_template_status_update'
        | 'message_template_quality_update'
        | 'message_template_components_update'
        | 'template_category_update'
        | 'account_update'
        | 'account_alerts'
        | 'account_review_update'
        | 'business_capability_update'
        | 'phone_number_name_update'
        | 'phone_number_quality_update'
        | 'security'
        | 'user_preferences'
        | 'phone_number_username_update'
        | 'automatic_events'
        | 'partner_solutions'
        | 'payment_configuration_update'
        | 'history'
        | 'smb_app_state_sync'
        | 'smb_message_echoes'
        | 'calls'
        | 'group_lifecycle_update'
        | 'group_participants_update'
        | 'group_settings_update'
        | 'group_status_update'
        | 'message_echoes'
        | 'consumer_profile'
        | 'messaging_handovers'
        | 'standby'
        | 'account_settings_update'
      )[]
    | undefined;
  /**
   * Status values — Only output status updates with one of these values; empty means all.
   */
  statuses?: ('sent' | 'delivered' | 'read' | 'failed' | 'played')[] | undefined;
  /**
   * Message types — Only output inbound messages of these types; empty means all.
   */
  messageTypes?:
    | (
        | 'text'
        | 'image'
        | 'video'
        | 'audio'
        | 'document'
        | 'sticker'
        | 'location'
        | 'contacts'
        | 'button'
        | 'interactive'
        | 'reaction'
        | 'order'
        | 'system'
        | 'request_welcome'
        | 'unsupported'
        | 'unknown'
      )[]
    | undefined;
  /**
   * Phone number IDs — Only output events of these business phone numbers; events that belong to no phone number (templates, account) are always output.
   */
  phoneNumberIds?: string[] | undefined;
}
/**
 * The `template` object of a template send (cloud-api.md §2.8; Meta's OpenAPI TemplateObject, ParameterObject, ButtonParameterObject — with the sub_types the spec's enum misses, §10).
 */
export interface TemplateMessage {
  name: string;
  language: {
    code: string;
    policy?: 'deterministic';
  };
  /**
   * @maxItems 13
   */
  components?: TemplateMessageComponent[];
}
export interface TemplateMessageComponent {
  type:
    | 'header'
    | 'body'
    | 'button'
    | 'limited_time_offer'
    | 'carousel'
    | 'HEADER'
    | 'BODY'
    | 'BUTTON'
    | 'LIMITED_TIME_OFFER'
    | 'CAROUSEL';
  /**
   * Meta writes these in lower case, except its catalog template example ("CATALOG"); either case is taken as given.
   */
  sub_type?:
    | 'quick_reply'
    | 'url'
    | 'copy_code'
    | 'flow'
    | 'catalog'
    | 'mpm'
    | 'voice_call'
    | 'QUICK_REPLY'
    | 'URL'
    | 'COPY_CODE'
    | 'FLOW'
    | 'CATALOG'
    | 'MPM'
    | 'VOICE_CALL';
  index?: string | number;
  parameters?: TemplateMessageParameter[];
  /**
   * @minItems 1
   * @maxItems 10
   */
  cards?: TemplateMessageCard[];
}
export interface TemplateMessageParameter {
  type:
    | 'text'
    | 'currency'
    | 'date_time'
    | 'image'
    | 'video'
    | 'document'
    | 'location'
    | 'payload'
    | 'coupon_code'
    | 'action'
    | 'limited_time_offer'
    | 'product';
  parameter_name?: string;
  text?: string;
  currency?: TemplateMessageCurrency;
  date_time?: TemplateMessageDateTime;
  image?: TemplateMessageMedia;
  video?: TemplateMessageMedia;
  document?: TemplateMessageMedia;
  location?: TemplateMessageLocation;
  payload?: string;
  coupon_code?: string;
  action?: {
    [k: string]: unknown;
  };
  limited_time_offer?: {
    expiration_time_ms: number;
  };
  product?: {
    product_retailer_id: string;
    catalog_id: string;
  };
  [k: string]: unknown;
}
export interface TemplateMessageCurrency {
  fallback_value: string;
  code: string;
  amount_1000: number;
}
export interface TemplateMessageDateTime {
  fallback_value: string;
  [k: string]: unknown;
}
export interface TemplateMessageMedia {
  id?: string;
  link?: string;
  filename?: string;
}
export interface TemplateMessageLocation {
  latitude: number | string;
  longitude: number | string;
  name?: string;
  address?: string;
}
export interface TemplateMessageCard {
  card_index: number;
  components: TemplateMessageComponent[];
}
/**
 * Input of mark-message-as-read: Mark a Message as Read — Marks a received message (and the earlier ones in the chat) as read — the customer sees blue ticks — and can show "typing…" until the reply is sent or 25 seconds pass.
 */
export interface MarkMessageAsReadInput {
  /**
   * Sender ID — The business phone number ID that received the message. (matches `^[0-9]{1,32}$`)
   */
  senderId: string;
  /**
   * Message ID — The wamid of a received message (from watch-events). (at least 1 characters; at most 512 characters)
   */
  messageId: string;
  /**
   * Show typing indicator (default false)
   */
  showTypingIndicator?: boolean | undefined;
}
/**
 * Input of upload-media: Upload a Media — Uploads an image, audio, video, document or sticker to Meta and returns its media ID (kept 30 days) for send-message. The type and size are checked against Meta's table before any byte is sent (image jpeg/png 5 MB; audio aac/amr/mpeg/mp4/ogg 16 MB; video 3gpp/mp4 16 MB; documents 100 MB; sticker webp 500 KB — Meta itself refuses static stickers over 100 KB). The file is streamed, never held in memory.
 */
export interface UploadMediaInput {
  /**
   * Sender ID — The business phone number ID the media is uploaded for. (matches `^[0-9]{1,32}$`)
   */
  senderId: string;
  /**
   * File — A file path, or { path | data (+ encoding) | stream (+ size), fileName, mimeType }. The MIME type is inferred from the file name when not given.
   */
  file: FileSource;
}
/**
 * Input of download-media: Download a Media — Downloads a media file by its ID (from a webhook or upload-media): asks Meta for a fresh URL, then fetches it with the token — only from Meta's media hosts or the Graph host, never elsewhere. The bytes are streamed to the destination (a file, or a folder where it is named <media id>.<extension>) or, without one, returned as data (up to 64 MB). The sha256 and size are checked against Meta's metadata; on a mismatch nothing is kept. An expired URL (401/404) is fetched fresh once.
 */
export interface DownloadMediaInput {
  /**
   * Media ID — From a webhook (valid 7 days) or upload-media (valid 30 days). (matches `^[0-9]{1,32}$`)
   */
  mediaId: string;
  /**
   * Phone number ID — Optional: Meta then checks that the media belongs to this business phone number. (matches `^[0-9]{1,32}$`)
   */
  phoneNumberId?: string | undefined;
  /**
   * Destination — A file path, or an existing folder (or a path ending in /). Leave empty to get the bytes as data.
   */
  destination?: string | undefined;
  /**
   * File name — The name to use inside a destination folder (a plain name: not . or .., no / or \); by default <media id>.<extension>. (matches `^[^/\\]+$`)
   */
  fileName?: string | undefined;
}
/**
 * Input of delete-media: Delete a Media — Deletes an uploaded media file from Meta's servers before its 30 days run out.
 */
export interface DeleteMediaInput {
  /**
   * Media ID — From a webhook (valid 7 days) or upload-media (valid 30 days). (matches `^[0-9]{1,32}$`)
   */
  mediaId: string;
  /**
   * Phone number ID — Optional: Meta then checks that the media belongs to this business phone number. (matches `^[0-9]{1,32}$`)
   */
  phoneNumberId?: string | undefined;
}
/**
 * Input of enable-two-step-verification: Enable Two-Step Verification — Sets (or changes) the 6-digit two-step verification PIN of a business phone number. It cannot be turned off through the API — reset it in WhatsApp Manager.
 */
export interface EnableTwoStepVerificationInput {
  /**
   * Sender ID — The business phone number ID. (matches `^[0-9]{1,32}$`)
   */
  senderId: string;
  /**
   * PIN — Exactly 6 digits. (matches `^[0-9]{6}$`)
   */
  pin: string;
}
/**
 * Input of register-sender: Register a Sender — Registers a verified business phone number for the Cloud API, setting its two-step verification PIN if none is set yet, optionally with Local Storage in one region. A number moving from the On-Premises API brings its backup (migration). Meta allows 10 register or deregister requests per number per 72 hours (error 133016).
 */
export interface RegisterSenderInput {
  /**
   * Sender ID — The business phone number ID. (matches `^[0-9]{1,32}$`)
   */
  senderId: string;
  /**
   * PIN — The 6-digit two-step verification PIN (set by this call when the number has none). (matches `^[0-9]{6}$`)
   */
  pin: string;
  /**
   * Data localization region — Local Storage: keep message data at rest in this country or region.
   */
  data_localization_region?:
    ('AU' | 'ID' | 'IN' | 'JP' | 'SG' | 'KR' | 'DE' | 'CH' | 'GB' | 'BR' | 'BH' | 'ZA' | 'AE' | 'CA') | undefined;
  /**
   * Tier — The API tier to register on (Meta's spec: V2TierName).
   */
  tier?: ('PROD' | 'SANDBOX') | undefined;
  /**
   * Migration backup — When migrating a number from the On-Premises API: its backup password and encrypted backup data.
   */
  backup?:
    | {
        /**
         * Password
         */
        password?: string | undefined;
        /**
         * Backup data
         */
        data?: string | undefined;
      }
    | undefined;
}
/**
 * Input of deregister-sender: Deregister a Sender — Deregisters a business phone number from the Cloud API. It shares Meta's limit of 10 register or deregister requests per number per 72 hours (error 133016).
 */
export interface DeregisterSenderInput {
  /**
   * Sender ID — The business phone number ID. (matches `^[0-9]{1,32}$`)
   */
  senderId: string;
}
/**
 * Input of list-senders: List Senders — Lists the business phone numbers of the WhatsApp Business Account, every page, with their display number, verified name, quality rating, verification status, platform, throughput and name status.
 */
export interface ListSendersInput {
  /**
   * Limit — The most numbers to return; all when empty. (at least 1; a whole number, not negative)
   */
  limit?: number | undefined;
}
/**
 * Input of get-business-profile: Get a Business Profile — Reads the WhatsApp business profile of a phone number (about, address, description, email, picture URL, websites, vertical — all by default) and returns it as one flat object, whichever of Meta's two answer shapes comes back.
 */
export interface GetBusinessProfileInput {
  /**
   * Sender ID — The business phone number ID. (matches `^[0-9]{1,32}$`)
   */
  senderId: string;
  /**
   * Fields (default ["about","address","description","email","profile_picture_url","websites","vertical"])
   */
  fields?:
    ('about' | 'address' | 'description' | 'email' | 'profile_picture_url' | 'websites' | 'vertical')[] | undefined;
}
/**
 * Input of update-business-profile: Update a Business Profile — Changes the WhatsApp business profile of a phone number; fields left out stay as they are. A new profile picture (JPEG or PNG) goes through Meta's Resumable Upload API, which needs the connection's App ID.
 */
export interface UpdateBusinessProfileInput {
  /**
   * Sender ID — The business phone number ID. (matches `^[0-9]{1,32}$`)
   */
  senderId: string;
  /**
   * About — The profile's About text, 1–139 characters. (at least 1 characters; at most 139 characters)
   */
  about?: string | undefined;
  /**
   * Address (at most 256 characters)
   */
  address?: string | undefined;
  /**
   * Description (at most 512 characters)
   */
  description?: string | undefined;
  /**
   * Email (at most 128 characters)
   */
  email?: string | undefined;
  /**
   * Websites — At most 2, each starting with http:// or https://. (at most 2 items)
   */
  websites?: string[] | undefined;
  /**
   * Vertical — The industry of the business; choose "(none)" to remove it.
   */
  vertical?:
    | (
        | ''
        | 'ALCOHOL'
        | 'APPAREL'
        | 'AUTO'
        | 'BEAUTY'
        | 'EDU'
        | 'ENTERTAIN'
        | 'EVENT_PLAN'
        | 'FINANCE'
        | 'GOVT'
        | 'GROCERY'
        | 'HEALTH'
        | 'HOTEL'
        | 'NONPROFIT'
        | 'ONLINE_GAMBLING'
        | 'OTC_DRUGS'
        | 'OTHER'
        | 'PHYSICAL_GAMBLING'
        | 'PROF_SERVICES'
        | 'RESTAURANT'
        | 'RETAIL'
        | 'TRAVEL'
      )
    | undefined;
  /**
   * Profile picture — A JPEG or PNG: a file path, or { path | data | stream (+ size), fileName, mimeType }. Needs the connection's App ID.
   */
  profilePicture?: FileSource | undefined;
}
/**
 * Input of list-templates: List Templates — Lists the message templates of the WhatsApp Business Account, every page, with their components — any status unless one is chosen; filter by name, language and category.
 */
export interface ListTemplatesInput {
  /**
   * Status (default "ANY")
   */
  status?:
    | (
        | 'ANY'
        | 'APPROVED'
        | 'PENDING'
        | 'REJECTED'
        | 'PAUSED'
        | 'DISABLED'
        | 'IN_APPEAL'
        | 'ARCHIVED'
        | 'DELETED'
        | 'PENDING_DELETION'
        | 'LIMIT_EXCEEDED'
      )
    | undefined;
  /**
   * Name contains — Part of a template name (names are at most 512 characters). (at most 512 characters)
   */
  name?: string | undefined;
  /**
   * Language — e.g. en_US. (matches `^[a-z]{2,3}(_[A-Za-z]{2,4})?$`)
   */
  language?: string | undefined;
  /**
   * Category
   */
  category?: ('MARKETING' | 'UTILITY' | 'AUTHENTICATION') | undefined;
  /**
   * Limit — The most templates to return; all when empty. (at least 1; a whole number, not negative)
   */
  limit?: number | undefined;
}
/**
 * Input of get-template: Get a Template — Reads one message template by Meta's template ID: name, language, status, category, parameter format and components.
 */
export interface GetTemplateInput {
  /**
   * Template ID — Meta's numeric template ID (list-templates' id, or create-template's answer). (matches `^[0-9]{1,32}$`)
   */
  id: string;
}
/**
 * Input of create-template: Create a Template — Submits a message template for Meta's review: any category, components with their examples, positional or named variables, a media header whose sample is uploaded through the Resumable Upload API, authentication templates with an OTP button (supported_apps for one-tap and zero-tap), carousels and limited-time offers. Names, lengths, variable numbering and example counts are checked first, each problem with Meta's error code. The answer's status is usually PENDING; the result arrives in a message_template_status_update webhook. A deleted template's name cannot be used again for 30 days.
 */
export interface CreateTemplateInput {
  /**
   * Name — Lowercase letters, digits and underscores, at most 512 characters. (matches `^[a-z0-9_]{1,512}$`)
   */
  name: string;
  /**
   * Language — e.g. en_US. (matches `^[a-z]{2,3}(_[A-Za-z]{2,4})?$`)
   */
  language: string;
  /**
   * Category
   */
  category: 'MARKETING' | 'UTILITY' | 'AUTHENTICATION';
  /**
   * Parameter format (default "POSITIONAL")
   */
  parameter_format?: ('POSITIONAL' | 'NAMED') | undefined;
  /**
   * Components — Meta's components: HEADER, BODY, FOOTER, BUTTONS, CAROUSEL, LIMITED_TIME_OFFER, each with its examples (see docs/templates.md).
   */
  components: unknown[];
  /**
   * Header sample — A sample of an IMAGE, VIDEO or DOCUMENT header (JPEG, PNG, MP4 or PDF): uploaded through Meta's Resumable Upload API and set as the header's example. Needs the connection's App ID.
   */
  headerSample?: FileSource | undefined;
  /**
   * Allow category change — Let Meta give the template the category its review finds instead of rejecting it.
   */
  allow_category_change?: boolean | undefined;
  /**
   * Time to live (seconds) — How long Meta tries to deliver a send of this template; -1 for Meta's default (authentication 30 s–15 min, utility and marketing 30 s–12 h). (at least -1; at most 2592000; a whole number)
   */
  message_send_ttl_seconds?: number | undefined;
  /**
   * No link tracking — Opt out of Meta's click tracking of URL buttons.
   */
  cta_url_link_tracking_opted_out?: boolean | undefined;
}
/**
 * Input of edit-template: Edit a Template — Changes a template's components, category (not of an approved template) or time to live; it goes through review again. Only approved, rejected and paused templates can be edited, and an approved one at most once per 24 hours and 10 times per 30 days — refused here, before calling Meta, with the time left (edits made elsewhere are not seen). The same checks as create-template run first.
 */
export interface EditTemplateInput {
  /**
   * Template ID — Meta's numeric template ID (list-templates' id, or create-template's answer). (matches `^[0-9]{1,32}$`)
   */
  id: string;
  /**
   * Components — Meta's components: HEADER, BODY, FOOTER, BUTTONS, CAROUSEL, LIMITED_TIME_OFFER, each with its examples (see docs/templates.md).
   */
  components?: unknown[] | undefined;
  /**
   * Category — Only a rejected or paused template may change category.
   */
  category?: ('MARKETING' | 'UTILITY' | 'AUTHENTICATION') | undefined;
  /**
   * Parameter format — How the components' variables are written (checked before sending; Meta keeps the template's). (default "POSITIONAL")
   */
  parameter_format?: ('POSITIONAL' | 'NAMED') | undefined;
  /**
   * Header sample — A sample of an IMAGE, VIDEO or DOCUMENT header (JPEG, PNG, MP4 or PDF): uploaded through Meta's Resumable Upload API and set as the header's example. Needs the connection's App ID.
   */
  headerSample?: FileSource | undefined;
  /**
   * Time to live (seconds) — How long Meta tries to deliver a send of this template; -1 for Meta's default (authentication 30 s–15 min, utility and marketing 30 s–12 h). (at least -1; at most 2592000; a whole number)
   */
  message_send_ttl_seconds?: number | undefined;
}
/**
 * Input of delete-template: Delete a Template — Deletes a message template: by name, every language of it; with its template ID as well, only that one. The name of a deleted template cannot be used for a new one for 30 days; a disabled template cannot be deleted.
 */
export interface DeleteTemplateInput {
  /**
   * Name — Lowercase letters, digits and underscores, at most 512 characters. (matches `^[a-z0-9_]{1,512}$`)
   */
  name: string;
  /**
   * Template ID — Delete only this template (one language); leave empty to delete every language of the name. (matches `^[0-9]{1,32}$`)
   */
  id?: string | undefined;
}
/**
 * Input of get-sender: Get a Sender — The health of one business phone number: quality rating, display-name status, throughput level, verification and registration status, username, and the business portfolio's messaging limit (whatsapp_business_manager_messaging_limit, which replaced the per-number messaging_limit_tier in 2025).
 */
export interface GetSenderInput {
  /**
   * Sender ID — The business phone number ID. (matches `^[0-9]{1,32}$`)
   */
  senderId: string;
}
/**
 * Input of get-account-health: Get Account Health — Meta's health status of the WhatsApp Business Account (or of one business phone number): whether messages can be sent (AVAILABLE, LIMITED or BLOCKED), and for each entity concerned — the business, the account, the app, the number — the errors that block or limit it, with Meta's possible solution.
 */
export interface GetAccountHealthInput {
  /**
   * Sender ID — A business phone number; leave empty for the whole account. (matches `^[0-9]{1,32}$`)
   */
  senderId?: string | undefined;
}
/**
 * Input of block-users: Block Users — Blocks WhatsApp users from a business number: they can no longer write to it, and it can no longer message them. Meta blocks only users who wrote in the last 24 hours, at most 1,000 per request (64,000 in all); the users it could not block are reported one by one under failed_users, with Meta's reason.
 */
export interface BlockUsersInput {
  /**
   * Sender ID — The business phone number ID. (matches `^[0-9]{1,32}$`)
   */
  senderId: string;
  /**
   * Users — Phone numbers or WhatsApp IDs, at most 1,000 per request. (at least 1 item; at most 1000 items)
   */
  users: {
    /**
     * User
     */
    user: string;
  }[];
}
/**
 * Input of unblock-users: Unblock Users — Unblocks WhatsApp users of a business number, at most 1,000 per request; the users Meta could not unblock are reported one by one under failed_users.
 */
export interface UnblockUsersInput {
  /**
   * Sender ID — The business phone number ID. (matches `^[0-9]{1,32}$`)
   */
  senderId: string;
  /**
   * Users — Phone numbers or WhatsApp IDs, at most 1,000 per request. (at least 1 item; at most 1000 items)
   */
  users: {
    /**
     * User
     */
    user: string;
  }[];
}
/**
 * Input of list-blocked-users: List Blocked Users — The users a business number has blocked, every page.
 */
export interface ListBlockedUsersInput {
  /**
   * Sender ID — The business phone number ID. (matches `^[0-9]{1,32}$`)
   */
  senderId: string;
  /**
   * Limit — The most users to return; all when empty. (at least 1; a whole number, not negative)
   */
  limit?: number | undefined;
}
/**
 * Input of create-qr-code: Create a QR Code — Creates a QR code and short link (wa.me/message/…) that open a chat with the business number, the customer's message pre-filled. Ask for an image (PNG or SVG) to get its URL; download-qr-code saves it.
 */
export interface CreateQrCodeInput {
  /**
   * Sender ID — The business phone number ID. (matches `^[0-9]{1,32}$`)
   */
  senderId: string;
  /**
   * Pre-filled message — What the customer's chat opens with, at most 140 characters. (at least 1 characters; at most 140 characters)
   */
  prefilled_message: string;
  /**
   * Image format
   */
  generate_qr_image?: ('PNG' | 'SVG') | undefined;
}
/**
 * Input of list-qr-codes: List QR Codes — The QR codes and short links of a business number, every page, or the one with a given code; with an image format, each comes with its image URL.
 */
export interface ListQrCodesInput {
  /**
   * Sender ID — The business phone number ID. (matches `^[0-9]{1,32}$`)
   */
  senderId: string;
  /**
   * QR code — Only this code. (matches `^[A-Z0-9]{14}$`)
   */
  code?: string | undefined;
  /**
   * Image format — Include each code's image URL in this format.
   */
  format?: ('PNG' | 'SVG') | undefined;
  /**
   * Limit — The most codes to return; all when empty. (at least 1; a whole number, not negative)
   */
  limit?: number | undefined;
}
/**
 * Input of update-qr-code: Update a QR Code — Changes the pre-filled message of a QR code; its code, short link and image stay the same.
 */
export interface UpdateQrCodeInput {
  /**
   * Sender ID — The business phone number ID. (matches `^[0-9]{1,32}$`)
   */
  senderId: string;
  /**
   * QR code — The 14-character code (list-qr-codes). (matches `^[A-Z0-9]{14}$`)
   */
  code: string;
  /**
   * Pre-filled message — What the customer's chat opens with, at most 140 characters. (at least 1 characters; at most 140 characters)
   */
  prefilled_message: string;
}
/**
 * Input of delete-qr-code: Delete a QR Code — Deletes a QR code; its short link stops working.
 */
export interface DeleteQrCodeInput {
  /**
   * Sender ID — The business phone number ID. (matches `^[0-9]{1,32}$`)
   */
  senderId: string;
  /**
   * QR code — The 14-character code (list-qr-codes). (matches `^[A-Z0-9]{14}$`)
   */
  code: string;
}
/**
 * Input of download-qr-code: Download a QR Code — Saves a QR code's image, PNG or SVG: asks Meta for the image URL, then streams the file from Meta's host to the destination (a file, or a folder where it is named <code>.png / .svg), or returns it as data.
 */
export interface DownloadQrCodeInput {
  /**
   * Sender ID — The business phone number ID. (matches `^[0-9]{1,32}$`)
   */
  senderId: string;
  /**
   * QR code — The 14-character code (list-qr-codes). (matches `^[A-Z0-9]{14}$`)
   */
  code: string;
  /**
   * Image format (default "PNG")
   */
  format?: ('PNG' | 'SVG') | undefined;
  /**
   * Destination — A file path, or an existing folder (or a path ending in /). Leave empty to get the bytes as data.
   */
  destination?: string | undefined;
}
/**
 * Input of get-pricing-analytics: Get Pricing Analytics — What Meta charged, per message (the pricing model since 2025-07-01): volume and cost per period, split by the chosen dimensions — pricing category (marketing, utility, authentication, service…), pricing type (regular or free), country, phone number and volume tier. One bundle per data point.
 */
export interface GetPricingAnalyticsInput {
  /**
   * Start — The first moment counted (ISO 8601, e.g. 2026-11-01).
   */
  start: string;
  /**
   * End — The moment counting stops.
   */
  end: string;
  /**
   * Granularity (default "DAILY")
   */
  granularity?: ('HALF_HOUR' | 'DAILY' | 'MONTHLY') | undefined;
  /**
   * Split by (default ["PRICING_CATEGORY","PRICING_TYPE","COUNTRY"])
   */
  dimensions?: ('PRICING_CATEGORY' | 'PRICING_TYPE' | 'COUNTRY' | 'PHONE' | 'TIER')[] | undefined;
  /**
   * Pricing categories
   */
  pricing_categories?:
    | (
        | 'AUTHENTICATION'
        | 'AUTHENTICATION_INTERNATIONAL'
        | 'MARKETING'
        | 'MARKETING_LITE'
        | 'UTILITY'
        | 'SERVICE'
        | 'REFERRAL_CONVERSION'
      )[]
    | undefined;
  /**
   * Pricing types
   */
  pricing_types?: ('REGULAR' | 'FREE_CUSTOMER_SERVICE' | 'FREE_ENTRY_POINT')[] | undefined;
  /**
   * Countries — Two-letter codes, e.g. US, IN.
   */
  country_codes?: string[] | undefined;
  /**
   * Phone numbers — Display numbers (digits) to count; all when empty.
   */
  phone_numbers?: string[] | undefined;
}
/**
 * Input of get-template-analytics: Get Template Analytics — How templates performed, per day: sent, delivered, read, button clicks and cost, for up to 10 templates. Meta keeps these for 90 days once template analytics is enabled on the account. One bundle per template and day.
 */
export interface GetTemplateAnalyticsInput {
  /**
   * Start — The first moment counted (ISO 8601, e.g. 2026-11-01).
   */
  start: string;
  /**
   * End — The moment counting stops.
   */
  end: string;
  /**
   * Granularity (default "DAILY")
   */
  granularity?: ('HALF_HOUR' | 'DAILY' | 'MONTHLY') | undefined;
  /**
   * Template IDs (at least 1 item; at most 10 items)
   */
  template_ids: string[];
  /**
   * Metrics — All when empty.
   */
  metric_types?: ('SENT' | 'DELIVERED' | 'READ' | 'CLICKED' | 'COST')[] | undefined;
}
/**
 * Input of get-conversational-automation: Get Conversational Components — The ice breakers (prompts a customer can tap to start a chat), the commands (typed with /) and whether the welcome message is on, for a business number.
 */
export interface GetConversationalAutomationInput {
  /**
   * Sender ID — The business phone number ID. (matches `^[0-9]{1,32}$`)
   */
  senderId: string;
}
/**
 * Input of set-conversational-automation: Set Conversational Components — Sets the ice breakers (up to 3, 80 characters each), the commands (up to 30: a name of up to 30 letters, digits or _, and a description of up to 256 characters) and the welcome message of a business number. What is given replaces what was set; an empty list removes them.
 */
export interface SetConversationalAutomationInput {
  /**
   * Sender ID — The business phone number ID. (matches `^[0-9]{1,32}$`)
   */
  senderId: string;
  /**
   * Welcome message — Send Meta's welcome event when a customer opens a chat for the first time.
   */
  enable_welcome_message?: boolean | undefined;
  /**
   * Ice breakers (at most 3 items)
   */
  prompts?: string[] | undefined;
  /**
   * Commands (at most 30 items)
   */
  commands?:
    | {
        /**
         * Command — Without the leading /. (matches `^[A-Za-z0-9_]{1,30}$`)
         */
        command_name: string;
        /**
         * Description (at least 1 characters; at most 256 characters)
         */
        command_description: string;
      }[]
    | undefined;
}
/**
 * Input of make-api-call: Make an API Call — Calls any Graph API endpoint with the connection's token: give a path relative to {graph URL}/{version}/ (e.g. 106540352242922/whatsapp_commerce_settings). Absolute URLs and paths that climb out of the base are refused, and the Authorization and Host headers cannot be set, so the token never goes anywhere else. Returns the status code, headers and body; an answer that is not 2xx throws the typed error (with Meta's code, details and hint) like every other module.
 */
export interface MakeApiCallInput {
  /**
   * URL — Relative to https://graph.facebook.com/{version}/, e.g. {waba-id}/phone_numbers or me?fields=id.
   */
  url: string;
  /**
   * Method (default "GET")
   */
  method?: ('GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE') | undefined;
  /**
   * Query string — An object ({"fields": "id,name"}) or a list of {key, value} pairs. Lists become comma-separated, objects JSON.
   */
  qs?:
    | (
        | {
            [k: string]: unknown;
          }
        | {
            key: string;
            value?: unknown;
          }[]
      )
    | undefined;
  /**
   * Headers — An object or a list of {key, value} pairs. Authorization and Host cannot be set.
   */
  headers?:
    | (
        | {
            [k: string]: string | number | boolean;
          }
        | {
            key: string;
            value?: string | number | boolean;
          }[]
      )
    | undefined;
  /**
   * Body — Sent as JSON.
   */
  body?: unknown | undefined;
}
export interface TemplateComponentsComponent {
  type:
    | 'HEADER'
    | 'BODY'
    | 'FOOTER'
    | 'BUTTONS'
    | 'CAROUSEL'
    | 'LIMITED_TIME_OFFER'
    | 'header'
    | 'body'
    | 'footer'
    | 'buttons'
    | 'carousel'
    | 'limited_time_offer';
  format?:
    | 'TEXT'
    | 'IMAGE'
    | 'VIDEO'
    | 'DOCUMENT'
    | 'LOCATION'
    | 'PRODUCT'
    | 'text'
    | 'image'
    | 'video'
    | 'document'
    | 'location'
    | 'product';
  text?: string;
  example?: {
    [k: string]: unknown;
  };
  buttons?: TemplateComponentsButton[];
  cards?: {
    components: TemplateComponentsComponent[];
    [k: string]: unknown;
  }[];
  limited_time_offer?: {
    text?: string;
    has_expiration?: boolean;
    [k: string]: unknown;
  };
  add_security_recommendation?: boolean;
  code_expiration_minutes?: number;
  [k: string]: unknown;
}
export interface TemplateComponentsButton {
  type:
    | 'QUICK_REPLY'
    | 'URL'
    | 'PHONE_NUMBER'
    | 'COPY_CODE'
    | 'OTP'
    | 'FLOW'
    | 'CATALOG'
    | 'MPM'
    | 'SPM'
    | 'VOICE_CALL'
    | 'quick_reply'
    | 'url'
    | 'phone_number'
    | 'copy_code'
    | 'otp'
    | 'flow'
    | 'catalog'
    | 'mpm'
    | 'spm'
    | 'voice_call';
  text?: string;
  url?: string;
  phone_number?: string;
  otp_type?: 'COPY_CODE' | 'ONE_TAP' | 'ZERO_TAP' | 'copy_code' | 'one_tap' | 'zero_tap';
  supported_apps?: {
    package_name: string;
    signature_hash: string;
    [k: string]: unknown;
  }[];
  zero_tap_terms_accepted?: boolean;
  [k: string]: unknown;
}
/**
 * One option of a select: `value` is what the select's field takes.
 */
export interface RpcOption {
  label: string;
  value: string;
}
/**
 * Output of watch-events: Watch Events
 */
export interface WatchEventsOutput {
  /**
   * Event ID — The message ID; for a status, message ID:status:recipient ID (plus the group participant, if any); otherwise the field and a hash of the event (webhooks/whatsapp-events.json, x-flatten).
   */
  id?: string;
  /**
   * Webhook field
   */
  field?: string;
  /**
   * Event type — message, status, error, identity_change (a system message saying a customer's number or user ID changed), or the webhook field name.
   */
  type?: string;
  /**
   * WhatsApp Business Account ID
   */
  wabaId?: string;
  phoneNumberId?: string;
  displayPhoneNumber?: string;
  /**
   * The sender (or, for a status, the recipient) as listed in contacts[]; missing when Meta sends no contact.
   */
  contact?: {
    profile?: {
      name?: string;
      username?: string;
      country_code?: string;
    };
    /**
     * WhatsApp ID
     */
    wa_id?: string;
    /**
     * Business-scoped user ID
     */
    user_id?: string;
  };
  /**
   * Unix seconds, as Meta sends them.
   */
  timestamp?: string;
  messageType?: string;
  from?: string;
  statusValue?: string;
  recipientId?: string;
  /**
   * Customer's business-scoped user ID — The key that tells customers apart: from and wa_id are empty for one who hides the number behind a username.
   */
  userId?: string;
  /**
   * Customer's username
   */
  username?: string;
  /**
   * The inbound message as Meta sent it (message bundles only).
   */
  message?: {
    /**
     * Message ID
     */
    id?: string;
    from?: string;
    from_user_id?: string;
    timestamp?: string;
    type?: string;
    text?: {
      body?: string;
    };
    image?: {
      /**
       * Media ID
       */
      id?: string;
      mime_type?: string;
      sha256?: string;
      caption?: string;
    };
    video?: {
      /**
       * Media ID
       */
      id?: string;
      mime_type?: string;
      sha256?: string;
      caption?: string;
    };
    audio?: {
      /**
       * Media ID
       */
      id?: string;
      mime_type?: string;
      sha256?: string;
      /**
       * Voice note
       */
      voice?: boolean;
    };
    document?: {
      /**
       * Media ID
       */
      id?: string;
      mime_type?: string;
      sha256?: string;
      caption?: string;
      filename?: string;
    };
    sticker?: {
      /**
       * Media ID
       */
      id?: string;
      mime_type?: string;
      sha256?: string;
      animated?: boolean;
    };
    location?: {
      latitude?: number;
      longitude?: number;
      name?: string;
      address?: string;
      url?: string;
    };
    /**
     * Shared contacts
     */
    contacts?: unknown[];
    button?: {
      payload?: string;
      text?: string;
    };
    /**
     * Interactive reply
     */
    interactive?: {
      type?: string;
      button_reply?: {
        id?: string;
        title?: string;
      };
      list_reply?: {
        id?: string;
        title?: string;
        description?: string;
      };
      /**
       * Flow reply
       */
      nfm_reply?: {
        name?: string;
        body?: string;
        response_json?: string;
      };
    };
    reaction?: {
      message_id?: string;
      emoji?: string;
    };
    order?: {
      catalog_id?: string;
      text?: string;
      product_items?: {
        product_retailer_id?: string;
        quantity?: number;
        item_price?: number;
        currency?: string;
      }[];
    };
    system?: {
      body?: string;
      type?: string;
      /**
       * New WhatsApp ID
       */
      wa_id?: string;
      customer?: string;
    };
    context?: {
      from?: string;
      /**
       * Message ID
       */
      id?: string;
      forwarded?: boolean;
      frequently_forwarded?: boolean;
      referred_product?: {
        catalog_id?: string;
        product_retailer_id?: string;
      };
    };
    /**
     * Referral (Click-to-WhatsApp ad)
     */
    referral?: {
      source_url?: string;
      source_id?: string;
      source_type?: string;
      body?: string;
      headline?: string;
      media_type?: string;
      image_url?: string;
      video_url?: string;
      thumbnail_url?: string;
      /**
       * Click ID
       */
      ctwa_clid?: string;
    };
    errors?: {
      code?: number;
      title?: string;
      message?: string;
      error_data?: {
        details?: string;
      };
      /**
       * Help link
       */
      href?: string;
    }[];
  };
  /**
   * The status update as Meta sent it (status bundles only).
   */
  status?: {
    /**
     * Message ID
     */
    id?: string;
    status?: string;
    timestamp?: string;
    recipient_id?: string;
    recipient_user_id?: string;
    recipient_type?: string;
    /**
     * Callback data
     */
    biz_opaque_callback_data?: string;
    conversation?: {
      id?: string;
      expiration_timestamp?: string;
      origin?: {
        type?: string;
      };
    };
    pricing?: {
      billable?: boolean;
      pricing_model?: string;
      type?: string;
      category?: string;
    };
    errors?: {
      code?: number;
      title?: string;
      message?: string;
      error_data?: {
        details?: string;
      };
      /**
       * Help link
       */
      href?: string;
    }[];
  };
  /**
   * An out-of-band error (error bundles only).
   */
  error?: {
    code?: number;
    title?: string;
    message?: string;
    error_data?: {
      details?: string;
    };
    /**
     * Help link
     */
    href?: string;
  };
  /**
   * The change value as Meta sent it (every other webhook field).
   */
  value?: unknown;
}
/**
 * Output of send-message: Send a Message
 */
export interface SendMessageOutput {
  /**
   * Message ID
   */
  messageId?: string;
  /**
   * Meta's message_status when it gives one: accepted, held_for_quality_assessment or paused
   */
  messageStatus?: string;
  /**
   * WhatsApp ID — The recipient's wa_id as Meta gives it (empty or absent for a send to a business-scoped user ID)
   */
  waId?: string;
  /**
   * Business-scoped user ID — contacts[0].user_id, when Meta gives one
   */
  userId?: string;
  messaging_product?: string;
  contacts?: {
    input?: string;
    wa_id?: string;
    user_id?: string;
  }[];
  messages?: {
    id?: string;
    group_id?: string;
    /**
     * accepted, held_for_quality_assessment or paused
     */
    message_status?: string;
  }[];
}
/**
 * Output of send-template-message: Send a Template Message
 */
export interface SendTemplateMessageOutput {
  /**
   * Message ID
   */
  messageId?: string;
  /**
   * Meta's message_status when it gives one: accepted, held_for_quality_assessment or paused
   */
  messageStatus?: string;
  /**
   * WhatsApp ID — The recipient's wa_id as Meta gives it (empty or absent for a send to a business-scoped user ID)
   */
  waId?: string;
  /**
   * Business-scoped user ID — contacts[0].user_id, when Meta gives one
   */
  userId?: string;
  messaging_product?: string;
  contacts?: {
    input?: string;
    wa_id?: string;
    user_id?: string;
  }[];
  messages?: {
    id?: string;
    group_id?: string;
    /**
     * accepted, held_for_quality_assessment or paused
     */
    message_status?: string;
  }[];
}
/**
 * Output of mark-message-as-read: Mark a Message as Read
 */
export interface MarkMessageAsReadOutput {
  /**
   * Success
   */
  success?: boolean;
}
/**
 * Output of upload-media: Upload a Media
 */
export interface UploadMediaOutput {
  /**
   * Media ID
   */
  id?: string;
}
/**
 * Output of download-media: Download a Media
 */
export interface DownloadMediaOutput {
  /**
   * Media ID
   */
  id?: string;
  /**
   * MIME type
   */
  mimeType?: string;
  /**
   * SHA-256 (hex)
   */
  sha256?: string;
  /**
   * Size (bytes) (a whole number, not negative)
   */
  fileSize?: number;
  /**
   * File name
   */
  fileName?: string;
  /**
   * Saved to
   */
  path?: string;
  /**
   * Data — Only when no destination is given.
   */
  data?: Buffer;
}
/**
 * Output of delete-media: Delete a Media
 */
export interface DeleteMediaOutput {
  /**
   * Deleted
   */
  success?: boolean;
}
/**
 * Output of enable-two-step-verification: Enable Two-Step Verification
 */
export interface EnableTwoStepVerificationOutput {
  /**
   * Success
   */
  success?: boolean;
}
/**
 * Output of register-sender: Register a Sender
 */
export interface RegisterSenderOutput {
  /**
   * Success
   */
  success?: boolean;
}
/**
 * Output of verify-sender: Verify a Sender
 */
export interface VerifySenderOutput {
  /**
   * Success
   */
  success?: boolean;
}
/**
 * Output of deregister-sender: Deregister a Sender
 */
export interface DeregisterSenderOutput {
  /**
   * Success
   */
  success?: boolean;
}
/**
 * Output of get-business-profile: Get a Business Profile
 */
export interface GetBusinessProfileOutput {
  /**
   * About
   */
  about?: string;
  /**
   * Address
   */
  address?: string;
  /**
   * Description
   */
  description?: string;
  /**
   * Email
   */
  email?: string;
  /**
   * Profile picture URL
   */
  profile_picture_url?: string;
  /**
   * Websites
   */
  websites?: string[];
  /**
   * Vertical — Older profiles may show UNDEFINED or NOT_A_BIZ.
   */
  vertical?: string;
}
/**
 * Output of update-business-profile: Update a Business Profile
 */
export interface UpdateBusinessProfileOutput {
  /**
   * Success
   */
  success?: boolean;
}
/**
 * Output of get-template: Get a Template
 */
export interface GetTemplateOutput {
  /**
   * Template ID
   */
  id?: string;
  /**
   * Name
   */
  name?: string;
  /**
   * Language
   */
  language?: string;
  /**
   * Status
   */
  status?: string;
  /**
   * Category
   */
  category?: string;
  /**
   * Sub-category
   */
  sub_category?: string;
  /**
   * Parameter format — POSITIONAL or NAMED
   */
  parameter_format?: string;
  /**
   * Components
   */
  components?: unknown[];
}
/**
 * Output of create-template: Create a Template
 */
export interface CreateTemplateOutput {
  /**
   * Template ID
   */
  id?: string;
  /**
   * Status — PENDING, APPROVED or REJECTED
   */
  status?: string;
  /**
   * Category
   */
  category?: string;
}
/**
 * Output of edit-template: Edit a Template
 */
export interface EditTemplateOutput {
  /**
   * Success
   */
  success?: boolean;
}
/**
 * Output of delete-template: Delete a Template
 */
export interface DeleteTemplateOutput {
  /**
   * Success
   */
  success?: boolean;
}
/**
 * Output of get-sender: Get a Sender
 */
export interface GetSenderOutput {
  /**
   * Sender ID
   */
  id?: string;
  /**
   * Phone number
   */
  display_phone_number?: string;
  /**
   * Display name
   */
  verified_name?: string;
  /**
   * Display-name status — APPROVED, PENDING_REVIEW, DECLINED, EXPIRED, AVAILABLE_WITHOUT_REVIEW or NONE
   */
  name_status?: string;
  /**
   * Quality rating — GREEN, YELLOW, RED or UNKNOWN
   */
  quality_rating?: string;
  /**
   * Status — CONNECTED once registered
   */
  status?: string;
  /**
   * Verification
   */
  code_verification_status?: string;
  /**
   * Throughput
   */
  throughput?: {
    level?: string;
  };
  /**
   * Platform
   */
  platform_type?: string;
  /**
   * Account mode
   */
  account_mode?: string;
  /**
   * Official business account
   */
  is_official_business_account?: boolean;
  /**
   * Username
   */
  username?: unknown;
  /**
   * Messaging limit — The portfolio's limit of users reached outside the service window per 24 h: TIER_250, TIER_2K, TIER_10K, TIER_100K or TIER_UNLIMITED
   */
  messaging_limit?: string;
}
/**
 * Output of get-account-health: Get Account Health
 */
export interface GetAccountHealthOutput {
  /**
   * Can send — AVAILABLE, LIMITED or BLOCKED
   */
  can_send_message?: string;
  /**
   * Entities
   */
  entities?: {
    /**
     * BUSINESS, WABA, APP or PHONE_NUMBER
     */
    entity_type?: string;
    id?: string;
    can_send_message?: string;
    errors?: {
      error_code?: number;
      error_description?: string;
      possible_solution?: string;
    }[];
    additional_info?: unknown[];
  }[];
}
/**
 * Output of block-users: Block Users
 */
export interface BlockUsersOutput {
  /**
   * Done — The users blocked (or unblocked): input and wa_id.
   */
  users?: {
    input?: string;
    wa_id?: string;
  }[];
  /**
   * Failed — Each with the input, wa_id (unless the number is invalid) and its errors (e.g. 131047: the user has not written in the last 24 hours).
   */
  failed_users?: {
    input?: string;
    wa_id?: string;
    errors?: unknown[];
  }[];
}
/**
 * Output of unblock-users: Unblock Users
 */
export interface UnblockUsersOutput {
  /**
   * Done — The users blocked (or unblocked): input and wa_id.
   */
  users?: {
    input?: string;
    wa_id?: string;
  }[];
  /**
   * Failed — Each with the input, wa_id (unless the number is invalid) and its errors (e.g. 131047: the user has not written in the last 24 hours).
   */
  failed_users?: {
    input?: string;
    wa_id?: string;
    errors?: unknown[];
  }[];
}
/**
 * Output of create-qr-code: Create a QR Code
 */
export interface CreateQrCodeOutput {
  /**
   * Code
   */
  code?: string;
  /**
   * Pre-filled message
   */
  prefilled_message?: string;
  /**
   * Short link
   */
  deep_link_url?: string;
  /**
   * QR image URL
   */
  qr_image_url?: string;
}
/**
 * Output of update-qr-code: Update a QR Code
 */
export interface UpdateQrCodeOutput {
  /**
   * Code
   */
  code?: string;
  /**
   * Pre-filled message
   */
  prefilled_message?: string;
  /**
   * Short link
   */
  deep_link_url?: string;
  /**
   * QR image URL
   */
  qr_image_url?: string;
}
/**
 * Output of delete-qr-code: Delete a QR Code
 */
export interface DeleteQrCodeOutput {
  /**
   * Success
   */
  success?: boolean;
}
/**
 * Output of download-qr-code: Download a QR Code
 */
export interface DownloadQrCodeOutput {
  /**
   * Code
   */
  code?: string;
  /**
   * MIME type
   */
  mimeType?: string;
  /**
   * Size (bytes) (a whole number, not negative)
   */
  fileSize?: number;
  /**
   * File name
   */
  fileName?: string;
  /**
   * Saved to
   */
  path?: string;
  /**
   * Data — Only when no destination is given.
   */
  data?: Buffer;
}
/**
 * Output of get-conversational-automation: Get Conversational Components
 */
export interface GetConversationalAutomationOutput {
  /**
   * Welcome message — Send Meta's welcome event when a customer opens a chat for the first time.
   */
  enable_welcome_message?: boolean;
  /**
   * Ice breakers (at most 3 items)
   */
  prompts?: string[];
  /**
   * Commands (at most 30 items)
   */
  commands?: {
    /**
     * Command — Without the leading /. (matches `^[A-Za-z0-9_]{1,30}$`)
     */
    command_name: string;
    /**
     * Description (at least 1 characters; at most 256 characters)
     */
    command_description: string;
  }[];
}
/**
 * Output of set-conversational-automation: Set Conversational Components
 */
export interface SetConversationalAutomationOutput {
  /**
   * Success
   */
  success?: boolean;
}
/**
 * Output of make-api-call: Make an API Call
 */
export interface MakeApiCallOutput {
  /**
   * Status code
   */
  statusCode?: number;
  /**
   * Headers
   */
  headers?: {
    [k: string]: unknown;
  };
  /**
   * Body
   */
  body?: unknown;
}
/**
 * Input of rpc list-templates: List templates — Message templates of the WhatsApp Business Account, every page, approved only unless a status is given: label "name (language) · category", value "name:language".
 */
export interface ListTemplatesRpcInput {
  /**
   * Status (default "APPROVED")
   */
  status?:
    | (
        | 'APPROVED'
        | 'PENDING'
        | 'REJECTED'
        | 'PAUSED'
        | 'DISABLED'
        | 'IN_APPEAL'
        | 'ARCHIVED'
        | 'DELETED'
        | 'PENDING_DELETION'
        | 'LIMIT_EXCEEDED'
        | 'ANY'
      )
    | undefined;
  /**
   * Name contains — Part of a template name (names are at most 512 characters). (at most 512 characters)
   */
  name?: string | undefined;
  /**
   * Language — e.g. en_US. (matches `^[a-z]{2,3}(_[A-Za-z]{2,4})?$`)
   */
  language?: string | undefined;
  /**
   * Category
   */
  category?: ('MARKETING' | 'UTILITY' | 'AUTHENTICATION') | undefined;
}
/**
 * Input of rpc template-fields: Template fields — The fields one template's variables need: header text / media / location / product, body variables (positional or named), the expiry of a limited-time offer, button variables (URL suffix, quick-reply payload, coupon code, one-time code, flow token and data, catalog thumbnail, multi-product thumbnail and sections), and the same for each carousel card (card_<n>_…).
 */
export interface TemplateFieldsRpcInput {
  /**
   * Template — A list-templates value: name:language, e.g. order_update:en_US. (matches `^[a-z0-9_]{1,512}:[A-Za-z_]{2,10}$`)
   */
  templateId: string;
}
/**
 * Input of rpc subscribe-webhook: Subscribe to webhooks — Subscribes the app to the WhatsApp Business Account's webhooks (POST /{waba}/subscribed_apps), optionally with an override callback URL for this WABA, which Meta first verifies with a GET handshake carrying the verify token.
 */
export interface SubscribeWebhookRpcInput {
  /**
   * Override callback URL — Leave empty to use the app's callback URL.
   */
  callbackUrl?: string | undefined;
  /**
   * Verify token — The verify token the receiver at the callback URL expects (with an override callback URL).
   */
  verifyToken?: string | undefined;
}
/**
 * Every module id and its output type.
 */
export interface ModuleOutputs {
  'watch-events': WatchEventsOutput;
  'send-message': SendMessageOutput;
  'send-template-message': SendTemplateMessageOutput;
  'mark-message-as-read': MarkMessageAsReadOutput;
  'upload-media': UploadMediaOutput;
  'download-media': DownloadMediaOutput;
  'delete-media': DeleteMediaOutput;
  'enable-two-step-verification': EnableTwoStepVerificationOutput;
  'register-sender': RegisterSenderOutput;
  'verify-sender': VerifySenderOutput;
  'deregister-sender': DeregisterSenderOutput;
  'list-senders': ListSendersOutput;
  'get-business-profile': GetBusinessProfileOutput;
  'update-business-profile': UpdateBusinessProfileOutput;
  'list-templates': ListTemplatesOutput;
  'get-template': GetTemplateOutput;
  'create-template': CreateTemplateOutput;
  'edit-template': EditTemplateOutput;
  'delete-template': DeleteTemplateOutput;
  'get-sender': GetSenderOutput;
  'get-account-health': GetAccountHealthOutput;
  'block-users': BlockUsersOutput;
  'unblock-users': UnblockUsersOutput;
  'list-blocked-users': ListBlockedUsersOutput;
  'create-qr-code': CreateQrCodeOutput;
  'list-qr-codes': ListQrCodesOutput;
  'update-qr-code': UpdateQrCodeOutput;
  'delete-qr-code': DeleteQrCodeOutput;
  'download-qr-code': DownloadQrCodeOutput;
  'get-pricing-analytics': GetPricingAnalyticsOutput;
  'get-template-analytics': GetTemplateAnalyticsOutput;
  'get-conversational-automation': GetConversationalAutomationOutput;
  'set-conversational-automation': SetConversationalAutomationOutput;
  'make-api-call': MakeApiCallOutput;
}
/**
 * Every RPC id and its input type.
 */
export interface RpcInputs {
  'list-senders': ListSendersRpcInput;
  'list-templates': ListTemplatesRpcInput;
  'template-fields': TemplateFieldsRpcInput;
  'webhook-subscriptions': WebhookSubscriptionsRpcInput;
  'subscribe-webhook': SubscribeWebhookRpcInput;
  'token-owner': TokenOwnerRpcInput;
  'token-permissions': TokenPermissionsRpcInput;
}
/**
 * Every RPC id and its output type.
 */
export interface RpcOutputs {
  'list-senders': ListSendersRpcOutput;
  'list-templates': ListTemplatesRpcOutput;
  'template-fields': TemplateFieldsRpcOutput;
  'webhook-subscriptions': WebhookSubscriptionsRpcOutput;
  'subscribe-webhook': SubscribeWebhookRpcOutput;
  'token-owner': TokenOwnerRpcOutput;
  'token-permissions': TokenPermissionsRpcOutput;
}

/** Every module id. */
export type ModuleId = keyof ModuleInputs;
/** The modules execute() runs; the others (an instant trigger) run from their webhook. */
export type ExecutableModuleId = 'send-message' | 'send-template-message' | 'mark-message-as-read' | 'upload-media' | 'download-media' | 'delete-media' | 'enable-two-step-verification' | 'register-sender' | 'verify-sender' | 'deregister-sender' | 'list-senders' | 'get-business-profile' | 'update-business-profile' | 'list-templates' | 'get-template' | 'create-template' | 'edit-template' | 'delete-template' | 'get-sender' | 'get-account-health' | 'block-users' | 'unblock-users' | 'list-blocked-users' | 'create-qr-code' | 'list-qr-codes' | 'update-qr-code' | 'delete-qr-code' | 'download-qr-code' | 'get-pricing-analytics' | 'get-template-analytics' | 'get-conversational-automation' | 'set-conversational-automation' | 'make-api-call';
/** What execute() takes for module M. */
export type ModuleInput<M extends ModuleId> = ModuleInputs[M];
/** What execute() resolves to for module M (for an instant trigger: one event bundle). */
export type ModuleOutput<M extends ModuleId> = ModuleOutputs[M];
/** Every RPC id. */
export type RpcId = keyof RpcInputs;
/** What rpc() takes for RPC R. */
export type RpcInput<R extends RpcId> = RpcInputs[R];
/** What rpc() resolves to for RPC R. */
export type RpcOutput<R extends RpcId> = RpcOutputs[R];
