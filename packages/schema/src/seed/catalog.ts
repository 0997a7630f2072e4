// Demo catalogue of a cross-border seller on Ozon: Russian card titles with the Chinese
// supplier name the team in China uses. Prices in RUB.
export interface DemoProduct {
  sku: string;
  name: string;
  priceRub: number;
  weightGrams: number;
  /** Units available after all demo orders are accounted for (0 = sold out, ≤ threshold = low). */
  available: number;
  lowStockThreshold: number;
}

export const demoProducts: DemoProduct[] = [
  { sku: 'TWS-PRO-53', name: 'Беспроводные наушники TWS Pro 5.3 / 无线蓝牙耳机', priceRub: 1990, weightGrams: 180, available: 42, lowStockThreshold: 10 },
  { sku: 'CASE-IP15-BLK', name: 'Чехол для iPhone 15 силиконовый, чёрный / 手机壳 黑色', priceRub: 390, weightGrams: 60, available: 120, lowStockThreshold: 20 },
  { sku: 'GAN-65W', name: 'Зарядное устройство USB-C 65 Вт GaN / 氮化镓充电器', priceRub: 1490, weightGrams: 150, available: 6, lowStockThreshold: 10 },
  { sku: 'CBL-CC-1M', name: 'Кабель USB-C — USB-C, 1 м / 数据线 1米', priceRub: 290, weightGrams: 40, available: 300, lowStockThreshold: 50 },
  { sku: 'BAND-M8', name: 'Фитнес-браслет M8 / 智能手环', priceRub: 1290, weightGrams: 90, available: 0, lowStockThreshold: 5 },
  { sku: 'LAMP-LED-BAT', name: 'Настольная лампа LED с аккумулятором / 充电台灯', priceRub: 1690, weightGrams: 650, available: 18, lowStockThreshold: 5 },
  { sku: 'MUG-THERMO-450', name: 'Термокружка 450 мл / 保温杯 450ml', priceRub: 890, weightGrams: 320, available: 35, lowStockThreshold: 8 },
  { sku: 'BAG-CITY-20L', name: 'Рюкзак городской 20 л, серый / 双肩包 灰色', priceRub: 2490, weightGrams: 700, available: 3, lowStockThreshold: 4 },
  { sku: 'ORG-COSM', name: 'Органайзер для косметики / 化妆品收纳盒', priceRub: 690, weightGrams: 400, available: 27, lowStockThreshold: 6 },
  { sku: 'BRUSH-SET-12', name: 'Набор кистей для макияжа, 12 шт. / 化妆刷套装', priceRub: 590, weightGrams: 210, available: 64, lowStockThreshold: 10 },
  { sku: 'BLOCKS-300', name: 'Конструктор «Город», 300 деталей / 积木玩具', priceRub: 1190, weightGrams: 850, available: 15, lowStockThreshold: 5 },
  { sku: 'NECK-MASSAGE', name: 'Массажёр для шеи / 颈部按摩仪', priceRub: 2190, weightGrams: 480, available: 0, lowStockThreshold: 3 },
  { sku: 'HUMID-300', name: 'Увлажнитель воздуха 300 мл / 加湿器', priceRub: 990, weightGrams: 380, available: 22, lowStockThreshold: 5 },
  { sku: 'LED-STRIP-5M', name: 'Светодиодная лента RGB, 5 м / LED灯带', priceRub: 790, weightGrams: 260, available: 48, lowStockThreshold: 10 },
  { sku: 'PB-10000', name: 'Внешний аккумулятор 10 000 мА·ч / 充电宝', priceRub: 1390, weightGrams: 240, available: 9, lowStockThreshold: 10 },
  { sku: 'GLASS-A54', name: 'Защитное стекло для Samsung A54 / 钢化膜', priceRub: 190, weightGrams: 30, available: 210, lowStockThreshold: 30 },
  { sku: 'SOCKS-5P', name: 'Носки хлопковые, 5 пар / 棉袜 5双', priceRub: 490, weightGrams: 250, available: 80, lowStockThreshold: 15 },
  { sku: 'SILK-PILLOW', name: 'Шёлковая наволочка 50×70 / 真丝枕套', priceRub: 1290, weightGrams: 150, available: 2, lowStockThreshold: 4 },
  { sku: 'CHOP-STEEL-5', name: 'Палочки для еды, сталь, 5 пар / 不锈钢筷子', priceRub: 350, weightGrams: 180, available: 56, lowStockThreshold: 10 },
  { sku: 'TEA-SET-YIXING', name: 'Чайный набор из исинской глины / 紫砂茶具', priceRub: 3490, weightGrams: 1400, available: 7, lowStockThreshold: 2 },
  { sku: 'UMB-AUTO', name: 'Зонт автоматический / 自动雨伞', priceRub: 990, weightGrams: 420, available: 31, lowStockThreshold: 6 },
  { sku: 'PAD-XL', name: 'Коврик для мыши XL / 鼠标垫', priceRub: 450, weightGrams: 350, available: 44, lowStockThreshold: 8 },
  { sku: 'KB-87-MECH', name: 'Механическая клавиатура, 87 клавиш / 机械键盘', priceRub: 3990, weightGrams: 900, available: 11, lowStockThreshold: 3 },
  { sku: 'CAM-1080P', name: 'Веб-камера 1080p / 网络摄像头', priceRub: 1790, weightGrams: 200, available: 0, lowStockThreshold: 4 },
  { sku: 'TRIPOD-BT', name: 'Штатив для телефона с Bluetooth-пультом / 手机三脚架', priceRub: 890, weightGrams: 300, available: 25, lowStockThreshold: 5 },
  { sku: 'RING-26', name: 'Кольцевая лампа 26 см / 环形补光灯', priceRub: 1190, weightGrams: 700, available: 13, lowStockThreshold: 4 },
  { sku: 'TOOTH-SONIC', name: 'Электрическая зубная щётка / 电动牙刷', priceRub: 1590, weightGrams: 230, available: 38, lowStockThreshold: 8 },
  { sku: 'DRYER-BRUSH', name: 'Фен-щётка 1000 Вт / 吹风梳', priceRub: 2290, weightGrams: 650, available: 4, lowStockThreshold: 5 },
  { sku: 'TAG-TRACK', name: 'Брелок-трекер / 防丢器', priceRub: 690, weightGrams: 40, available: 70, lowStockThreshold: 10 },
  { sku: 'SCREW-24', name: 'Набор отвёрток 24 в 1 / 螺丝刀套装', priceRub: 790, weightGrams: 280, available: 19, lowStockThreshold: 5 },
];

export const demoBuyers = [
  'Анна Смирнова',
  'Иван Петров',
  'Екатерина Козлова',
  'Дмитрий Волков',
  'Ольга Морозова',
  'Сергей Новиков',
  'Мария Лебедева',
  'Алексей Соколов',
  'Наталья Попова',
  'Андрей Кузнецов',
  'Татьяна Васильева',
  'Михаил Фёдоров',
  'Юлия Михайлова',
  'Павел Егоров',
  'Елена Павлова',
  'Николай Семёнов',
  'Светлана Голубева',
  'Артём Виноградов',
  'Ирина Богданова',
  'Владимир Воробьёв',
];

export const demoCities: { city: string; region: string; postalCode: string; street: string }[] = [
  { city: 'Москва', region: 'Москва', postalCode: '101000', street: 'ул. Тверская, д. 12, кв. 45' },
  { city: 'Санкт-Петербург', region: 'Санкт-Петербург', postalCode: '190000', street: 'Невский пр., д. 88, кв. 7' },
  { city: 'Новосибирск', region: 'Новосибирская область', postalCode: '630000', street: 'ул. Ленина, д. 5, кв. 12' },
  { city: 'Екатеринбург', region: 'Свердловская область', postalCode: '620000', street: 'ул. Малышева, д. 30, кв. 101' },
  { city: 'Казань', region: 'Республика Татарстан', postalCode: '420000', street: 'ул. Баумана, д. 19, кв. 3' },
  { city: 'Нижний Новгород', region: 'Нижегородская область', postalCode: '603000', street: 'ул. Большая Покровская, д. 7, кв. 21' },
  { city: 'Краснодар', region: 'Краснодарский край', postalCode: '350000', street: 'ул. Красная, д. 120, кв. 9' },
  { city: 'Владивосток', region: 'Приморский край', postalCode: '690000', street: 'ул. Светланская, д. 45, кв. 16' },
];
