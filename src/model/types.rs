//! The vocabulary of the guideline: roles, qualifiers, divisions, software types, packages and
//! contract kinds.

use crate::names::named_enum;

named_enum! {
    /// A role (役割) a party holds for the system.
    pub enum Role of ("role", "役割") {
        /// 開発者: develops the software.
        Developer = ("Developer", "developer", "developer", "開発者"),
        /// 供給者: supplies it (reseller, or a developer selling directly).
        Supplier = ("Supplier", "supplier", "supplier", "供給者"),
        /// 運用者: runs it.
        Operator = ("Operator", "operator", "operator", "運用者"),
        /// 顧客: procures and uses it.
        Customer = ("Customer", "customer", "customer", "顧客"),
    }
}

impl Role {
    /// The qualifiers this role can take: Infra only for Supplier and Operator.
    pub fn allowed_qualifiers(self) -> &'static [Qualifier] {
        match self {
            Role::Developer | Role::Customer => &[Qualifier::Lead, Qualifier::Support],
            Role::Supplier | Role::Operator => {
                &[Qualifier::Lead, Qualifier::Support, Qualifier::Infra]
            }
        }
    }

    /// Whether this is a provider-side role (developer, supplier, operator).
    pub fn is_provider(self) -> bool {
        self != Role::Customer
    }

    /// One letter for compact tables: D, S, O, C.
    pub fn letter(self) -> char {
        match self {
            Role::Developer => 'D',
            Role::Supplier => 'S',
            Role::Operator => 'O',
            Role::Customer => 'C',
        }
    }
}

named_enum! {
    /// How a party holds a role.
    pub enum Qualifier of ("qualifier", "区分") {
        /// 主体: takes the lead.
        Lead = ("Lead", "lead", "lead", "主体"),
        /// 支援: supports the lead.
        Support = ("Support", "support", "support", "支援"),
        /// インフラ: provides the platform the system runs on.
        Infra = ("Infra", "infra", "infrastructure", "インフラ"),
    }
}

impl Qualifier {
    /// The mark used in matrices: L, S, I.
    pub fn mark(self) -> char {
        match self {
            Qualifier::Lead => 'L',
            Qualifier::Support => 'S',
            Qualifier::Infra => 'I',
        }
    }
}

named_enum! {
    /// The responsibility division (責任区分) of a party in this case.
    pub enum Division of ("division", "責任区分") {
        /// サイバーインフラ事業者.
        Provider = ("Provider", "provider", "cyber infrastructure provider", "サイバーインフラ事業者"),
        /// 顧客.
        Customer = ("Customer", "customer", "customer", "顧客"),
    }
}

named_enum! {
    /// The type of software (guideline §1.3).
    pub enum Software of ("software type", "ソフトウェアの種類") {
        /// ソフトウェア製品.
        Product = ("Product", "product", "software product", "ソフトウェア製品"),
        /// ソフトウェアサービス.
        Service = ("Service", "service", "software service", "ソフトウェアサービス"),
        /// 組込みソフトウェア.
        Embedded = ("Embedded", "embedded", "embedded software", "組込みソフトウェア"),
        /// システム・サービスを構成するソフトウェア.
        System = ("System", "system", "software composing a system or service", "システム・サービスを構成するソフトウェア"),
    }
}

named_enum! {
    /// A requirement package (要求パッケージ).
    pub enum Package of ("package", "要求パッケージ") {
        /// 必須 (formerly ミニマム).
        Mandatory = ("Mandatory", "mandatory", "mandatory", "必須"),
        /// 標準.
        Standard = ("Standard", "standard", "standard", "標準"),
    }
}

impl Package {
    /// Whether an item in package `self` is in scope when the target package is `target`.
    /// Packages are cumulative: the standard package contains the mandatory one.
    pub fn within(self, target: Package) -> bool {
        self <= target
    }
}

named_enum! {
    /// The type of a contract, which fixes the contractor's default roles.
    pub enum ContractKind of ("contract kind", "契約の種類") {
        /// 販売契約: the contractor sells the software to the client.
        Sales = ("Sales", "sales", "sales contract", "販売契約"),
        /// 販売代理・供給契約: the developer (contractor) supplies its product to a reseller (client).
        Distribution = ("Distribution", "distribution", "distribution contract", "販売代理・供給契約"),
        /// 請負契約: the contractor completes the development.
        Development = ("Development", "development", "development contract (ukeoi)", "請負契約"),
        /// 準委任契約: services whose roles must be stated.
        QuasiMandate = ("QuasiMandate", "quasi-mandate", "quasi-mandate contract (jun-inin)", "準委任契約"),
        /// 運用・保守契約.
        Operation = ("Operation", "operation", "operation and maintenance contract", "運用・保守契約"),
        /// サービス利用契約 (SaaS, cloud).
        Service = ("Service", "service", "service use contract (SaaS, cloud)", "サービス利用契約"),
        /// インフラ提供 (IaaS, hosting, data centre).
        Infrastructure = ("Infrastructure", "infrastructure", "infrastructure provision", "インフラ提供"),
        /// コンポーネント提供: a third-party component built into the client's software.
        Component = ("Component", "component", "component provision", "コンポーネント提供"),
        /// 社内・グループ内の取決め: departments of one organisation, affiliates.
        Internal = ("Internal", "internal", "internal or group arrangement", "社内・グループ内の取決め"),
    }
}
